from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from pictures.deletion import SET_NULL_UNLESS_PUBLISHED

from ..addresses import article_address
from ..fields import SanitizedHTMLField
from .outlets import web_url_or_empty
from .related import related_and_adjacent
from .sections import Section
from .tags import TaggedArticle

# Times outside these years in the newsroom's time zone (Asia/Shanghai, where editors type
# them) are typing mistakes, and the first of them cannot even be stored (0001-01-01 in Shanghai
# is a year before the first UTC can hold).
FIRST_PUBLISH_YEAR, LAST_PUBLISH_YEAR = 1900, 2099


def validate_publish_time(value):
    zone = timezone.get_default_timezone()
    earliest = datetime(FIRST_PUBLISH_YEAR, 1, 1, tzinfo=zone)
    latest = datetime(LAST_PUBLISH_YEAR + 1, 1, 1, tzinfo=zone)
    if not earliest <= value < latest:
        raise ValidationError(
            _("A publish time must fall between the years 1900 and 2099."), code="out_of_range"
        )


def union_part(ids):
    """A sliced query of ids (`values("pk")[:n]`) as a part of a UNION on every database:
    SQLite refuses LIMIT in a part of a compound query, but not inside an IN."""
    return ids.model._base_manager.filter(pk__in=ids).order_by().values("pk")


# Links past which SQLite reads a tag's articles by walking the newest (see `tagged`): 10% of
# the benchmark's 200,000 articles.
COMMON_TAG_LINKS = 20_000


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What a reader may see: published, and its publish time has come (by `at`, which
        defaults to now: a preview of the site at another time asks for that time).

        This is the only definition; every public page, feed and sitemap starts from it.
        Newest first, in the order of the `-published_at` indexes (a published article always
        has a time, so the model's NULLS LAST is not needed and would keep them from being used).
        """
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=at or timezone.now()
        ).order_by("-published_at", "-pk")

    def scheduled(self, at=None):
        """Published articles whose publish time has not come yet (by `at`, default now),
        soonest first."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=at or timezone.now()
        ).order_by("published_at")

    def related_to(self, article, count):
        """The newest `count` other published articles sharing a tag or the section with
        `article`."""
        return self.related_and_adjacent(article, count)[0]

    def related_and_adjacent(self, article, related):
        """Up to `related` published articles sharing a tag or the section with `article`, and
        the published articles just before and just after it in its own section, in one query:
        `(related, previous, next)`, previous being the older one.

        The ids come from bounded reads joined by UNION ALL: the newest `related + 1` of the
        section and of each of its tags (itself may be among them), each a short indexed read
        instead of joining every article that shares a popular tag, plus one short read of the
        `(section, status, -published_at)` index on each side of the article's time; ties on the
        time are ordered by id. The neighbours share the section, so they are candidates for
        "related" too, and every row read is a true candidate: the newest `related` of the rows
        are the newest of all candidates. Rows carry what a link to them shows (title, time and
        section) and defer the rest.
        """
        return related_and_adjacent(article, related, using=self.db)

    def newest_per_section(self, sections, per_section):
        """The newest `per_section` articles of each of `sections`, counting everything under
        each section, as {section: [article, ...]} newest first (a section without any maps to
        an empty list).

        Three queries (plus this queryset's prefetches), whatever the number of sections: the
        section tree; the ids, each section's newest a short newest-first read of its subtree,
        joined by UNION ALL, instead of ranking every article of the site; then the articles by
        id. An article shown under a section and under one of its ancestors is the same object in
        both lists.
        """
        sections = list(sections)
        if not sections:
            return {}
        subtrees = Section.objects.subtree_ids(sections)
        reads = [self.newest_ids(per_section, section__in=subtrees[s.pk]) for s in sections]
        wanted = self.model._base_manager.none().values("pk").union(*reads, all=True)
        # The ids are read first and written into the second query: as a subquery, the planner
        # of a query with a dozen joins (select_related) joins the whole table before it.
        ids = set(wanted.values_list("pk", flat=True))
        articles = list(self.filter(pk__in=ids).order_by("-published_at", "-pk"))
        blocks = {}
        for section in sections:
            members = set(subtrees[section.pk])
            blocks[section] = [a for a in articles if a.section_id in members][:per_section]
        return blocks

    def newest_ids(self, count, **filters):
        """The ids of this queryset's newest `count` articles matching `filters`, as one part of
        a UNION."""
        newest = self.filter(**filters).order_by("-published_at", "-pk")
        return union_part(newest.values("pk")[:count])

    def live(self):
        return self.published()

    def search(self, query, ranked=True):
        """Articles of this QuerySet matching `query`, best first (see `search.engine`)."""
        from search.engine import search

        return search(self, query, ranked=ranked)

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def in_review(self):
        return self.filter(status=Article.Status.IN_REVIEW)

    def withdrawn(self):
        return self.filter(status=Article.Status.WITHDRAWN)

    def ever_published(self):
        """Articles readers saw or were promised: withdrawn, live or scheduled."""
        return self.exclude(status__in=Article.NEVER_PUBLISHED_STATES)

    def by_author(self, user):
        """Articles the user created or is credited on (a byline linked to their account)."""
        return self.filter(self.author_condition(user))

    def author_condition(self, user):
        # Their bylines' articles read once (a hashed list), not a byline looked up for each
        # article: counting a reporter's change list took 150 ms at 200,000 articles, now 30.
        # (A UNION of the two sets counts faster still, but turns the desk's short newest-first
        # lists into reads of the whole set.)
        credited = Byline.objects.filter(contributor__user=user).values("article_id")
        return models.Q(created_by=user) | models.Q(pk__in=credited)

    def update(self, **kwargs):
        # The body is sanitized when its value is prepared for the database; an expression
        # (Value, Concat…) would bypass that, so only plain text may be written in bulk.
        body = kwargs.get("body")
        if body is not None and not isinstance(body, str):
            raise TypeError("Article.body can only be updated with a plain string.")
        return super().update(**kwargs)

    def in_section(self, section):
        """Articles of the section and of every section under it.

        The subtree's ids are read first (one small query) and written into the query: with a
        subquery the planner cannot tell a small section from a large one, and read a small
        section's few, old articles by walking the whole site's newest-first index.
        """
        subtree = list(Section.objects.subtree_of(section).values_list("pk", flat=True))
        return self.filter(section__in=subtree)

    def with_credits(self):
        """Everything an article page or listing shows, in a fixed number of queries."""
        bylines = Byline.objects.select_related("contributor__affiliation", "role")
        return self.select_related(
            "section",
            "source__default_notice__holder",
            "responsible_editor",
            "copyright_notice__holder",
        ).prefetch_related(Prefetch("bylines", queryset=bylines), "tags")

    def with_lead_image(self):
        """The lead image and its credit (its renditions are stored with it: no more queries)."""
        return self.select_related(
            "lead_image__credit_contributor",
            "lead_image__credit_role",
            "lead_image__copyright_holder",
        )

    def tagged(self, tag):
        """The articles carrying `tag`. SQLite keeps no statistics of how common a tag is, so it
        always reads every link of the tag and sorts their articles: 120 ms for the tag on 40% of
        200,000 articles. For a tag that common, walking the articles in their order and probing
        each for the link reads a few dozen rows instead (and is slower for a rare tag's deep
        pages, hence the bounded count that tells the two apart). PostgreSQL chooses by itself."""
        links = TaggedArticle.objects.filter(tag=tag)
        common = connections[self.db].vendor == "sqlite" and (
            links[:COMMON_TAG_LINKS].count() == COMMON_TAG_LINKS
        )
        if common:
            return self.filter(Exists(links.filter(content_object=OuterRef("pk"))))
        return self.filter(tags=tag)

    def for_teasers(self):
        """What a teaser in a listing shows (title, time, section, summary, lead picture), and
        no more: no body, bylines, tags, outlets or picture credits, which a page of teasers
        never prints (with them, 20 teasers built some 470 objects in 5 queries)."""
        return self.select_related("section", "lead_image").defer("body")

    def for_feeds(self):
        """What a feed item prints: its byline as text and its tags, but not its body."""
        bylines = Byline.objects.select_related("contributor__affiliation", "role")
        return (
            self.select_related("section")
            .defer("body")
            .prefetch_related(Prefetch("bylines", queryset=bylines), "tags")
        )

    def with_page_extras(self):
        """Whether each article has a gallery, corrections and topics (专题), so its page asks
        for them only when there are some."""
        from frontpage.models import Topic
        from pictures.models import GalleryPicture

        from .workflow import Correction

        return self.annotate(
            has_gallery=Exists(GalleryPicture.objects.filter(article=OuterRef("pk"))),
            has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))),
            has_topics=Exists(Topic.objects.including(OuterRef("pk"))),
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    NEVER_PUBLISHED_STATES = (Status.DRAFT, Status.IN_REVIEW)

    kicker = models.CharField(_("kicker (引题)"), max_length=200, blank=True)
    headline = models.CharField(_("headline (主题)"), max_length=200)
    subheadline = models.CharField(_("subheadline (副题)"), max_length=200, blank=True)
    list_title = models.CharField(
        _("list title"),
        max_length=120,
        blank=True,
        help_text=_("The shorter title for lists and the browser tab. Empty: the headline."),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = SanitizedHTMLField(_("body"), blank=True)

    lead_image = models.ForeignKey(
        "pictures.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=SET_NULL_UNLESS_PUBLISHED,
        related_name="lead_of",
        help_text=_("From the picture library; its credit is printed under it."),
    )
    lead_image_caption = models.CharField(
        _("lead image caption"),
        max_length=300,
        blank=True,
        help_text=_("For this article only. Empty: the picture's own caption."),
    )

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    # Revisions follow the tag links by their reverse name, `tagged_items`.
    tags = TaggableManager(verbose_name=_("tags"), blank=True, through="TaggedArticle")

    source = models.ForeignKey(
        "SourceOutlet",
        verbose_name=_("source (来源)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    is_repost = models.BooleanField(
        _("repost"),
        default=False,
        help_text=_("Reposted from another outlet: its original title and author must be given."),
    )
    original_title = models.CharField(_("original title"), max_length=200, blank=True)
    original_author = models.CharField(_("original author"), max_length=100, blank=True)
    original_url = models.URLField(_("original URL"), max_length=500, blank=True)

    responsible_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible editor (责编)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="edited_articles",
        limit_choices_to={"is_staff": True},
    )
    copyright_notice = models.ForeignKey(
        "CopyrightNotice",
        verbose_name=_("copyright notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("Empty: the source outlet's default notice."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publish time (发布时间)"), null=True, blank=True, validators=[validate_publish_time]
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="created_articles",
        editable=False,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Django's own updates (and anyone's `_base_manager`) go through ArticleQuerySet too,
        # whose update() refuses an expression that would bypass the body's sanitizer.
        base_manager_name = "objects"
        # Unpublished articles (no time yet) sort last on every database.
        ordering = [models.F("published_at").desc(nulls_last=True), "-pk"]
        permissions = [
            ("publish_article", _("Can publish, schedule, withdraw and correct articles")),
            ("change_credited_article", _("Can edit drafts on which they are credited")),
        ]
        indexes = [
            # Listings read a page's ids first (see UncountedPaginator): with the id, and the
            # section for a section's subtree, in the index, deep pages are index-only reads.
            models.Index(
                fields=["section", "status", "-published_at", "-id"], name="article_section_pub"
            ),
            models.Index(
                fields=["status", "-published_at", "-id", "section"], name="article_status_pub"
            ),
            models.Index(
                fields=["source", "status", "-published_at", "-id"], name="article_source_pub"
            ),
            # The sitemap index's last-modified time: the newest published `updated_at` is read
            # from the end of this index instead of from every published article.
            models.Index(fields=["status", "updated_at"], name="article_status_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publish time."),
            ),
            models.CheckConstraint(
                condition=web_url_or_empty("original_url"),
                name="article_original_url_is_web_url",
                violation_error_message=_("The original URL must start with http:// or https://."),
            ),
            models.CheckConstraint(
                condition=models.Q(is_repost=False)
                | (~models.Q(original_title="") & ~models.Q(original_author="")),
                name="article_repost_names_original",
                violation_error_message=_("A repost must give the original title and author."),
            ),
        ]

    def __str__(self):
        return self.list_title or self.headline

    def save(self, *args, **kwargs):
        if not self.copyright_notice_id and self.source_id:
            self.copyright_notice_id = self.source.default_notice_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The public address: section path, publish date in the newsroom's time zone, id.

        Only the id identifies the article; the rest is checked and redirected by the view.
        """
        if self.published_at is None:
            return reverse("articles:preview", args=[self.pk])
        return article_address(self.section.path, self.published_at, self.pk)

    @property
    def title(self):
        return self.list_title or self.headline

    @property
    def modified_at(self):
        """When readers' copy last changed: never before it went live, though a scheduled
        article was last saved before its publish time."""
        return max(filter(None, (self.updated_at, self.published_at)))

    def has_been_published(self):
        """Readers saw it or were promised it: live, scheduled or withdrawn."""
        return self.status not in self.NEVER_PUBLISHED_STATES

    def may_be_deleted(self):
        """Only what readers never saw: a published article is withdrawn instead, so its page,
        its workflow log and its corrections stay on record."""
        return not self.has_been_published()

    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def state_label(self):
        """The workflow state as editors name it: a published article whose time is to come is
        scheduled, with its go-live time."""
        if self.status == self.Status.PUBLISHED and not self.is_public():
            go_live = timezone.localtime(self.published_at).strftime("%Y-%m-%d %H:%M:%S")
            return _("scheduled for %(time)s") % {"time": go_live}
        return self.get_status_display()

    def clean(self):
        super().clean()
        errors = {}
        if self.status == self.Status.PUBLISHED and not self.published_at:
            errors["published_at"] = _("A published article needs a publish time.")
        if self.is_repost:
            if not self.source_id:
                errors["source"] = _("A repost must name the outlet it comes from.")
            elif not self.source.approved_for_reposts:
                errors["source"] = _("%(outlet)s is not approved as a source for reposts.") % {
                    "outlet": self.source
                }
            if not self.original_title:
                errors["original_title"] = _("A repost must give the original title.")
            if not self.original_author:
                errors["original_author"] = _("A repost must give the original author.")
        notice = self.effective_notice()
        if notice and not self.source_id:
            errors["source"] = _("An article with a copyright notice must name its source.")
        elif notice and notice.holder_id != self.source_id:
            errors["copyright_notice"] = _(
                "The notice is held by %(holder)s but the source is %(source)s: "
                "a page may only carry its source's notice."
            ) % {"holder": notice.holder, "source": self.source}
        if errors:
            raise ValidationError(errors)

    def effective_notice(self):
        if self.copyright_notice_id:
            return self.copyright_notice
        if self.source_id:
            return self.source.default_notice
        return None


class Byline(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines"
    )
    contributor = models.ForeignKey(
        "Contributor",
        verbose_name=_("contributor"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    role = models.ForeignKey(
        "BylineRole", verbose_name=_("role"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "contributor", "role"], name="byline_unique_credit"
            ),
        ]

    def __str__(self):
        return f"{self.role} {self.contributor.name}"
