"""The picture library: pictures with their credits, the renditions made of them, galleries."""

import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.fields import CheckedImageField

from .deletion import CASCADE_UNLESS_PUBLISHED


def original_path(instance, filename):
    # Random, so a draft's pictures cannot be found before it is published; the suffix comes from
    # the real format (articles.images.prepared_upload names the file after it).
    suffix = PurePath(filename).suffix.lower() or ".jpg"
    return f"pictures/originals/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}{suffix}"


class ImageQuerySet(models.QuerySet):
    def with_credits(self):
        return self.select_related(
            "credit_contributor__affiliation", "credit_role", "copyright_holder"
        )


class Image(models.Model):
    """A picture in the library, with what every page that shows it prints beside it."""

    # Its size is measured once, when a new file is saved (services.save_image), not by
    # ImageField's width_field, which opens the file whenever a row without one is loaded.
    file = CheckedImageField(_("file"), upload_to=original_path)
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For finding the picture in the library.")
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, for readers who cannot see it. Empty: the caption "
            "describes it."
        ),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit_contributor = models.ForeignKey(
        "articles.Contributor",
        verbose_name=_("credited contributor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pictures",
        help_text=_("The photographer or reporter who took it."),
    )
    credit_role = models.ForeignKey(
        "articles.BylineRole",
        verbose_name=_("credited as"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("How the contributor is credited, usually 摄影 or 记者."),
    )
    credit_text = models.CharField(
        _("credit (free text)"),
        max_length=100,
        blank=True,
        help_text=_("For agency and reader pictures with no contributor, e.g. 新华社."),
    )
    copyright_holder = models.ForeignKey(
        "articles.SourceOutlet",
        verbose_name=_("copyright holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pictures",
    )
    copyright_notice = models.ForeignKey(
        "articles.CopyrightNotice",
        verbose_name=_("copyright notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pictures",
        help_text=_("Empty: the holder's default notice. It must be one of the holder's own."),
    )
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    focal_x = models.FloatField(
        _("focal point (across)"),
        default=0.5,
        help_text=_("0 is the left edge, 1 the right; crops keep this point in the picture."),
    )
    focal_y = models.FloatField(
        _("focal point (down)"), default=0.5, help_text=_("0 is the top edge, 1 the bottom.")
    )
    # The renditions made when the picture was saved (see pictures/renditions.py), stored with it
    # so a page that shows the picture needs no query for them: kind, format, width, height,
    # name (in the storage) and size, per rendition. renditions_key names the original and
    # focal point they were made from.
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False)
    renditions_key = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at"], name="picture_created"),
            models.Index(fields=["taken_on"], name="picture_taken"),
            models.Index(fields=["file"], name="picture_file"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="picture_focal_point_inside",
                violation_error_message=_("The focal point must lie inside the picture."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.credit_role_id and not self.credit_contributor_id:
            errors["credit_role"] = _("A role is given to a credited contributor.")
        if self.credit_contributor_id and self.credit_text:
            errors["credit_text"] = _(
                "Credit either a contributor or a free text, not both: the page prints one."
            )
        notice = self.effective_notice()
        if notice and not self.copyright_holder_id:
            errors["copyright_holder"] = _(
                "A picture with a copyright notice must name its holder."
            )
        elif notice and notice.holder_id != self.copyright_holder_id:
            errors["copyright_notice"] = _(
                "The notice is held by %(holder)s but the picture's holder is %(picture_holder)s: "
                "a picture may only carry its holder's notice."
            ) % {"holder": notice.holder, "picture_holder": self.copyright_holder}
        if errors:
            raise ValidationError(errors)

    def effective_notice(self):
        if self.copyright_notice_id:
            return self.copyright_notice
        if self.copyright_holder_id:
            return self.copyright_holder.default_notice
        return None

    def alt_for(self, caption, fallback=""):
        """The alt text to print: the picture's own; none when a caption beside it says what it
        shows (a screen reader would read it twice); else `fallback` (the headline)."""
        if self.alt_text:
            return self.alt_text
        return "" if caption else fallback

    def renditions_of(self, kind, image_format=None):
        """The renditions of one kind (and format), narrowest first."""
        return sorted(
            (
                Rendition(**made)
                for made in self.renditions
                if made["kind"] == kind and image_format in (None, made["format"])
            ),
            key=lambda rendition: rendition.width,
        )


@dataclass(frozen=True)
class Rendition:
    """One stored rendition of a picture: a resized (for the named crops, cropped) copy."""

    kind: str
    format: str
    width: int
    height: int
    name: str
    size: int = 0

    KINDS = {
        "width": _("whole picture"),
        "lead": _("lead (16:9)"),
        "teaser": _("teaser (4:3)"),
        "square": _("square (1:1)"),
        "og": _("sharing (1200×630)"),
    }

    @property
    def url(self):
        return default_storage.url(self.name)


class GalleryPicture(models.Model):
    """One picture of an article's gallery (图集), in its place, with its caption there."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="gallery",
    )
    image = models.ForeignKey(
        Image,
        verbose_name=_("picture"),
        on_delete=CASCADE_UNLESS_PUBLISHED,
        related_name="gallery_places",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    caption = models.CharField(
        _("caption here"),
        max_length=500,
        blank=True,
        help_text=_("Empty: the picture's own caption."),
    )

    class Meta:
        verbose_name = _("gallery picture")
        verbose_name_plural = _("gallery (图集)")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "image"], name="gallery_picture_once_per_article"
            ),
        ]

    def __str__(self):
        return str(self.image)

    @property
    def shown_caption(self):
        return self.caption or self.image.caption
