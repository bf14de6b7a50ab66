"""Front pages that editors run: pages made of blocks, the articles editors place in them
(slot entries, with their own title, 导语, picture and time window), and 专题 (topics)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section

validate_topic_slug = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z",
    _("Use lowercase ASCII letters, digits and single hyphens, e.g. “flood-2020”."),
)


class TopicQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_closed=False)

    def including(self, article):
        """Topics listing `article` (an article, its id or an OuterRef): chosen by editors, or
        by a tag it carries. May repeat a topic: add distinct() to list them."""
        return self.filter(
            Q(selection=Topic.Selection.CHOSEN, chosen__article=article)
            | Q(
                selection=Topic.Selection.TAG,
                tag__articles_taggedarticle_items__content_object=article,
            )
        )


class Topic(models.Model):
    """A 专题: a page gathering the coverage of one event, by editors' choice or by a tag."""

    class Selection(models.TextChoices):
        CHOSEN = "chosen", _("articles chosen by editors")
        TAG = "tag", _("every article carrying the tag")

    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        validators=[validate_topic_slug],
        help_text=_("Its address: /topics/<slug>/."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    banner = models.ForeignKey(
        "pictures.Image",
        verbose_name=_("banner picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topic_banners",
    )
    selection = models.CharField(
        _("articles"), max_length=10, choices=Selection.choices, default=Selection.CHOSEN
    )
    tag = models.ForeignKey(
        "taggit.Tag",
        verbose_name=_("tag"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topics",
        help_text=_("With “every article carrying the tag”: which tag."),
    )
    is_closed = models.BooleanField(
        _("closed"),
        default=False,
        help_text=_("A closed topic stays online but is no longer offered on the home page."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic (专题)")
        verbose_name_plural = _("topics (专题)")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("frontpage:topic", args=[self.slug])

    def clean(self):
        super().clean()
        if self.selection == self.Selection.TAG and not self.tag_id:
            raise ValidationError({"tag": _("Choose the tag whose articles the topic lists.")})

    def membership(self):
        """The condition on articles that says they belong to this topic."""
        if self.selection == self.Selection.TAG:
            return Q(tags=self.tag_id)
        return Q(pk__in=TopicArticle.objects.filter(topic=self).values("article_id"))

    def articles(self, at=None):
        """Its articles that readers may see, newest first."""
        return Article.objects.published(at).filter(self.membership())


class TopicArticle(models.Model):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="chosen"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="topic_links"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("article of the topic")
        verbose_name_plural = _("articles of the topic")
        ordering = ["-added_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "article"], name="topic_article_once")
        ]

    def __str__(self):
        return str(self.article)


class PageQuerySet(models.QuerySet):
    def home(self):
        return self.filter(kind=Page.Kind.HOME)


class Page(models.Model):
    """A page readers see, made of blocks: the home page, a section's page or a topic's page."""

    class Kind(models.TextChoices):
        HOME = "home", _("home page")
        SECTION = "section", _("section page")
        TOPIC = "topic", _("topic page")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    section = models.OneToOneField(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="front_page",
    )
    topic = models.OneToOneField(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="front_page",
    )
    # Claimed by every curation change (see curation.py), as articles' versions are.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("front page")
        verbose_name_plural = _("front pages")
        ordering = ["kind", "section__path", "topic__slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="home"), name="page_one_home"
            ),
            models.CheckConstraint(
                condition=(Q(kind="home") & Q(section__isnull=True) & Q(topic__isnull=True))
                | (Q(kind="section") & Q(section__isnull=False) & Q(topic__isnull=True))
                | (Q(kind="topic") & Q(topic__isnull=False) & Q(section__isnull=True)),
                name="page_kind_matches_owner",
                violation_error_message=_(
                    "A section page names its section, a topic page its topic, the home page "
                    "neither."
                ),
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.SECTION:
            return _("section page: %(name)s") % {"name": self.section}
        if self.kind == self.Kind.TOPIC:
            return _("topic page: %(name)s") % {"name": self.topic}
        return str(self.Kind.HOME.label)

    def get_absolute_url(self):
        if self.kind == self.Kind.SECTION:
            return self.section.get_absolute_url()
        if self.kind == self.Kind.TOPIC:
            return self.topic.get_absolute_url()
        return reverse("articles:home")

    def clean(self):
        super().clean()
        if self.kind == self.Kind.SECTION and not self.section_id:
            raise ValidationError({"section": _("Choose the section this page is for.")})
        if self.kind == self.Kind.TOPIC and not self.topic_id:
            raise ValidationError({"topic": _("Choose the topic this page is for.")})
        if self.kind != self.Kind.SECTION:
            self.section = None
        if self.kind != self.Kind.TOPIC:
            self.topic = None

    def fallback_articles(self, at=None):
        """The articles a block of this page falls back to when it says “this page's”."""
        if self.kind == self.Kind.SECTION:
            return Article.objects.published(at).in_section(self.section)
        if self.kind == self.Kind.TOPIC:
            return self.topic.articles(at)
        return Article.objects.published(at)


class Block(models.Model):
    """A named part of a page (头条, 焦点图, 要闻, 置顶…) holding up to `size` articles."""

    class Style(models.TextChoices):
        LEAD = "lead", _("lead (头条): large title, 导语 and picture")
        PICTURES = "pictures", _("pictures (焦点图)")
        LIST = "list", _("list with pictures")
        TITLES = "titles", _("titles only")
        TOPICS = "topics", _("open topics (专题)")

    class Fallback(models.TextChoices):
        NONE = "none", _("nothing: only what editors place")
        PAGE = "page", _("the newest articles of this page (the site, the section, the topic)")
        SECTION = "section", _("the newest articles of a section")

    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="blocks"
    )
    name = models.CharField(_("name"), max_length=40, help_text=_("e.g. 头条, 要闻, 置顶."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    style = models.CharField(_("style"), max_length=10, choices=Style.choices, default=Style.LIST)
    size = models.PositiveSmallIntegerField(
        _("places"), default=5, help_text=_("How many articles it shows at most.")
    )
    fallback = models.CharField(
        _("remaining places"),
        max_length=10,
        choices=Fallback.choices,
        default=Fallback.NONE,
        help_text=_("What fills the places editors leave empty."),
    )
    fallback_section = models.ForeignKey(
        Section,
        verbose_name=_("section to fall back to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The block's heading links to it."),
    )

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["page", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gte=1, size__lte=50),
                name="block_size_1_to_50",
                violation_error_message=_("A block holds between 1 and 50 articles."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.fallback == self.Fallback.SECTION and not self.fallback_section_id:
            raise ValidationError(
                {"fallback_section": _("Choose the section whose newest articles fill it.")}
            )

    @property
    def link(self):
        section = self.fallback_section
        return section.get_absolute_url() if section and section.active else None


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


class SlotEntryQuerySet(models.QuerySet):
    def live(self, at=None):
        """Entries readers see at `at` (default: now): their article is published and live
        (`Article.objects.published()`, the one definition), and `at` lies in their window.
        A draft, scheduled, withdrawn or deleted article never shows, whatever its slot says."""
        at = at or timezone.now()
        article_live = Article.objects.published(at).filter(pk=OuterRef("article_id"))
        return self.filter(
            Exists(article_live),
            Q(starts_at__isnull=True) | Q(starts_at__lte=at),
            Q(ends_at__isnull=True) | Q(ends_at__gt=at),
        )

    def next_change_after(self, moment):
        """The soonest window start or end after `moment`, or None (one query)."""
        found = self.aggregate(
            start=Min("starts_at", filter=Q(starts_at__gt=moment)),
            end=Min("ends_at", filter=Q(ends_at__gt=moment)),
        )
        moments = [value for value in found.values() if value is not None]
        return min(moments) if moments else None


class SlotEntry(models.Model):
    """An article an editor placed in a block, with what the slot shows instead of the
    article's own title, summary and picture, and when it shows."""

    block = models.ForeignKey(
        Block, verbose_name=_("block"), on_delete=models.CASCADE, related_name="entries"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="slot_entries"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(
        _("title in this slot"),
        max_length=120,
        blank=True,
        help_text=_("Empty: the article's list title or headline."),
    )
    summary = models.TextField(
        _("导语 in this slot"), max_length=300, blank=True, help_text=_("Empty: its summary.")
    )
    image = models.ForeignKey(
        "pictures.Image",
        verbose_name=_("picture in this slot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slot_entries",
        help_text=_("Empty: the article's lead image."),
    )
    starts_at = models.DateTimeField(
        _("shows from"), null=True, blank=True, help_text=_("Empty: at once.")
    )
    ends_at = models.DateTimeField(
        _("shows until"), null=True, blank=True, help_text=_("Empty: until removed.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    added_at = models.DateTimeField(_("placed"), default=timezone.now, editable=False)

    objects = SlotEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("slot entry")
        verbose_name_plural = _("slot entries")
        ordering = ["block", "position", "pk"]
        indexes = [
            models.Index(fields=["starts_at"], name="slot_entry_starts"),
            models.Index(fields=["ends_at"], name="slot_entry_ends"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="slot_entry_window_order",
                violation_error_message=_("A slot's end must come after its start."),
            ),
        ]

    def __str__(self):
        return self.shown_title

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A slot's end must come after its start.")})

    def state_label(self):
        """What readers get from this entry now, as editors say it (the rule of `live()`)."""
        now = timezone.now()
        if not self.article.is_public():
            return _("not shown: the article is %(state)s") % {"state": self.article.state_label()}
        if self.starts_at and self.starts_at > now:
            return _("shows from %(time)s") % {"time": _local(self.starts_at)}
        if self.ends_at and self.ends_at <= now:
            return _("ended %(time)s") % {"time": _local(self.ends_at)}
        if self.ends_at:
            return _("shown until %(time)s") % {"time": _local(self.ends_at)}
        return _("shown")

    @property
    def shown_title(self):
        return self.title or self.article.title

    @property
    def shown_summary(self):
        return self.summary or self.article.summary

    @property
    def shown_image(self):
        return self.image if self.image_id else self.article.lead_image
