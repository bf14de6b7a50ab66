"""Review chains (三审): which stages an article passes, configured per section subtree."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Section
from articles.models.sections import PATH_SEPARATOR


class ReviewChainQuerySet(models.QuerySet):
    def for_section(self, section):
        """The chain of the nearest configured ancestor (the section itself first), else the
        default chain. One query: the ancestors' paths are known from the section's own path."""
        parts = section.path.split(PATH_SEPARATOR)
        paths = [PATH_SEPARATOR.join(parts[: i + 1]) for i in range(len(parts))]
        links = ChainSection.objects.filter(section__path__in=paths).select_related("section")
        chain_by_path = {link.section.path: link.chain_id for link in links}
        for path in reversed(paths):
            if path in chain_by_path:
                return self.get(pk=chain_by_path[path])
        return self.filter(is_default=True).first()


class ReviewChain(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_default = models.BooleanField(
        _("default chain"),
        default=False,
        help_text=_("Applies to every section that neither it nor an ancestor has a chain for."),
    )
    allow_fast_fix = models.BooleanField(
        _("fast fixes by the last stage"),
        default=True,
        help_text=_(
            "Whoever may sign off (签发) may save a published article directly, logged as a fast "
            "fix. Off: their edits wait for sign-off like everyone else's."
        ),
    )

    objects = ReviewChainQuerySet.as_manager()

    class Meta:
        verbose_name = _("review chain")
        verbose_name_plural = _("review chains")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="review_one_default_chain",
                violation_error_message=_("There is already a default chain."),
            )
        ]

    def __str__(self):
        return self.name

    def ordered_stages(self):
        return list(self.stages.all())


class ChainSection(models.Model):
    """A section (and everything under it) that follows the chain, unless a section below it
    names a chain of its own."""

    chain = models.ForeignKey(
        ReviewChain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="links"
    )
    section = models.OneToOneField(
        Section,
        verbose_name=_("section (and everything under it)"),
        on_delete=models.CASCADE,
        related_name="review_chain_link",
    )

    class Meta:
        verbose_name = _("section the chain covers")
        verbose_name_plural = _("sections the chain covers")

    def __str__(self):
        return f"{self.chain} · {self.section}"


class Stage(models.Model):
    """One stage of a chain (初审, 复审, 终审…). The last stage signs off (签发)."""

    chain = models.ForeignKey(
        ReviewChain, verbose_name=_("chain"), on_delete=models.CASCADE, related_name="stages"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("stage"), max_length=50)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["chain", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "position"],
                name="review_stage_position",
                violation_error_message=_("Two stages of a chain cannot share a position."),
            )
        ]

    def __str__(self):
        return f"{self.chain} · {self.name}"


class Reviewer(models.Model):
    """Who may act on a stage: a group or a person, optionally only for some sections."""

    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="reviewers"
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_stages",
        limit_choices_to={"is_staff": True},
    )
    sections = models.ManyToManyField(
        Section,
        verbose_name=_("only for these sections"),
        blank=True,
        related_name="+",
        help_text=_(
            "Empty: every section the chain covers. Otherwise only articles in these sections "
            "and those below them (a 湖北 desk head reviews 湖北 only)."
        ),
    )

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__isnull=True, user__isnull=False)
                | models.Q(group__isnull=False, user__isnull=True),
                name="review_reviewer_group_or_person",
                violation_error_message=_("Name either a group or a person."),
            )
        ]

    def __str__(self):
        return str(self.group or self.user)

    def clean(self):
        super().clean()
        if (self.group_id is None) == (self.user_id is None):
            raise ValidationError(_("Name either a group or a person."))
