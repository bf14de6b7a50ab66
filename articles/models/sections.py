from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Concat, Substr
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _

from ..addresses import section_address

PATH_SEPARATOR = "/"
validate_lowercase_slug = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z",
    _("Use lowercase ASCII letters, digits and single hyphens, e.g. “hubei” or “hubei-news”."),
)


# Top-level paths the site itself answers; a root section with one of these slugs would be
# hidden behind them.
RESERVED_ROOT_SLUGS = {
    "ckeditor",
    "feeds",
    "preview",
    "tags",
    "contributors",
    "outlets",
    "pages",
    "sitemap",
    "search",
}


def reserved_root_slugs():
    first_segments = {settings.ADMIN_URL, settings.MEDIA_URL, settings.STATIC_URL}
    return RESERVED_ROOT_SLUGS | {url.strip("/").split("/")[0] for url in first_segments}


def _readers_under(at, without=None):
    """Whether a section's subtree holds an article readers can open (but `without`)."""
    from .article import Article

    subtree = Section.objects.filter(
        Q(path=OuterRef("path")) | Q(path__startswith=Concat(OuterRef("path"), Value("/")))
    )
    published = Article.objects.published(at).filter(section=OuterRef("pk"))
    if without is not None:
        published = published.exclude(pk=without)
    return Exists(subtree.filter(Exists(published)))


def ancestor_paths(path, include_self=True):
    """The paths of the sections above the one at `path`, from the root down (and its own)."""
    parts = path.split(PATH_SEPARATOR)
    prefixes = [PATH_SEPARATOR.join(parts[: i + 1]) for i in range(len(parts))]
    return prefixes if include_self else prefixes[:-1]


class SectionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def roots(self):
        return self.filter(parent__isnull=True)

    def subtree_of(self, section):
        """The section and all its descendants, in one query on the materialized path."""
        return self.filter(Q(path=section.path) | Q(path__startswith=section.path + PATH_SEPARATOR))

    def subtree_ids(self, sections):
        """{section.pk: ids of the section and all its descendants} for each of `sections`, in
        one query on the materialized paths."""
        rows = list(self.values_list("pk", "path"))
        return {
            section.pk: [
                pk
                for pk, path in rows
                if path == section.path or path.startswith(section.path + PATH_SEPARATOR)
            ]
            for section in sections
        }

    def in_navigation(self, at=None):
        """Active top-level sections with something for readers under them (at `at`, default
        now), in the site's order.

        Per root, an index probe per section of its subtree (`section, status, -published_at`)
        stops at the first published article, so an empty root costs as little as a full one.
        """
        return self.active().roots().filter(_readers_under(at)).order_by("position", "name")

    def outside_navigation(self, at=None, without=None):
        """Active top-level sections the navigation leaves out for want of anything published
        under them (at `at`, default now), as if the article `without` were not published."""
        return self.active().roots().filter(~_readers_under(at, without))

    def under(self, roots):
        """The sections of the subtrees of `roots` (a queryset of sections)."""
        starts_under = StartsWith(OuterRef("path"), Concat("path", Value(PATH_SEPARATOR)))
        return self.filter(Exists(roots.filter(Q(path=OuterRef("path")) | starts_under)))

    def ancestors_of(self, section, include_self=True):
        """The section's ancestors from the root down, in one query on the materialized path."""
        return self.at_paths(ancestor_paths(section.path, include_self))

    def at_paths(self, paths):
        """The sections of `paths`, from the root down."""
        return self.filter(path__in=paths).order_by("depth")


class Section(models.Model):
    """A node in the site's section tree (新闻 > 湖北).

    `path` is the materialized slug path ("news/hubei"): it is the section's URL, makes the
    breadcrumb one query, and makes "this section and everything under it" one indexed filter.
    """

    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        allow_unicode=False,
        validators=[validate_lowercase_slug],
        help_text=_("ASCII letters, digits and hyphens; used in the address, e.g. “hubei”."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order among sibling sections; smaller comes first.")
    )
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    # Text, not a bounded CharField: the tree may be of any depth.
    path = models.TextField(_("path"), unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)

    objects = SectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"], name="section_slug_unique_among_siblings"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent__isnull=True),
                name="section_root_slug_unique",
                violation_error_message=_("A top-level section with this slug already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="section_not_own_parent",
                violation_error_message=_("A section cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.computed_path()
        self.depth = self.path.count(PATH_SEPARATOR)
        with transaction.atomic():
            old_path = self._stored_path()
            self._refuse_cycle(old_path)
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                self._move_descendants(old_path)

    def get_absolute_url(self):
        return section_address(self.path)

    def computed_path(self):
        return f"{self.parent.path}{PATH_SEPARATOR}{self.slug}" if self.parent_id else self.slug

    def clean(self):
        super().clean()
        if self.parent_id is None:
            if self.slug in reserved_root_slugs():
                raise ValidationError(
                    {"slug": _("“%(slug)s” is used by the site itself.") % {"slug": self.slug}}
                )
            return
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A section cannot be its own parent.")})
        self._refuse_cycle(self._stored_path())
        siblings = Section.objects.filter(parent_id=self.parent_id, slug=self.slug)
        if self.slug and siblings.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another section under the same parent already uses this slug.")}
            )

    def _stored_path(self):
        if not self.pk:
            return None
        return Section.objects.filter(pk=self.pk).values_list("path", flat=True).first()

    def _refuse_cycle(self, stored_path):
        if not (stored_path and self.parent_id):
            return
        parent_path = self.parent.path
        if parent_path == stored_path or parent_path.startswith(stored_path + PATH_SEPARATOR):
            raise ValidationError(
                {"parent": _("A section cannot be moved under itself or one of its children.")}
            )

    def _move_descendants(self, old_path):
        descendants = Section.objects.filter(path__startswith=old_path + PATH_SEPARATOR)
        depth_change = self.depth - old_path.count(PATH_SEPARATOR)
        descendants.update(
            path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
            depth=models.F("depth") + depth_change,
        )

    def ancestors(self, include_self=True):
        return Section.objects.ancestors_of(self, include_self=include_self)
