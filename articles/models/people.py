from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..addresses import contributor_address
from ..fields import CheckedImageField
from ..uploads import contributor_photo_path


class BylineRole(models.Model):
    """How a person is credited (记者, 实习生, 通讯员…). Data, so a desk adds roles without a deploy."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese label"), max_length=20, unique=True)
    name_en = models.CharField(_("English label"), max_length=60)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("byline role")
        verbose_name_plural = _("byline roles")
        ordering = ["position", "code"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        language = get_language() or ""
        return self.name_en if language.startswith("en") and self.name_en else self.name_zh


class Contributor(models.Model):
    """A person who can be credited in a byline; freelancers and correspondents have no account."""

    name = models.CharField(_("name"), max_length=60)
    affiliation = models.ForeignKey(
        "SourceOutlet",
        verbose_name=_("affiliation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributors",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributor",
    )
    bio = models.TextField(_("short bio"), blank=True)
    photo = CheckedImageField(_("photo"), upload_to=contributor_photo_path, blank=True)

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "affiliation"], name="contributor_unique_name_per_affiliation"
            ),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name}（{self.affiliation}）" if self.affiliation_id else self.name

    def get_absolute_url(self):
        return contributor_address(self.pk)
