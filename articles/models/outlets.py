import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..addresses import outlet_address
from ..fields import CheckedImageField
from ..uploads import outlet_logo_path

HOLDER_PLACEHOLDER = "{holder}"
# Phrases in which a notice names who owns the copyright; each must name the holder.
OWNERSHIP_PHRASES = re.compile(
    r"归(?P<owner>[^,，。;；]+?)所有"
    r"|版权所有[:：]\s*(?P<owner2>[^,，。;；\s]+)"
    r"|版权属于(?P<owner3>[^,，。;；\s]+?)(?:所有)?(?=[,，。;；\s]|$)"
)


def named_owners(text):
    """Who each phrase giving the copyright away names, in order (`{holder}` in a template)."""
    return [
        next(group for group in match.groups() if group)
        for match in OWNERSHIP_PHRASES.finditer(text)
    ]


def web_url_or_empty(field):
    """A condition that holds when `field` is empty or an http(s) address.

    Pages print these addresses as links, so the database itself keeps out `javascript:` and
    other schemes, whichever way a row is written.
    """
    return (
        models.Q(**{field: ""})
        | models.Q(**{f"{field}__startswith": "http://"})
        | models.Q(**{f"{field}__startswith": "https://"})
    )


class SourceOutlet(models.Model):
    """A media organisation that can be named as 来源 or hold a copyright (荆楚网, 湖北日报)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    homepage = models.URLField(_("homepage"), blank=True)
    logo = CheckedImageField(_("logo"), upload_to=outlet_logo_path, blank=True)
    approved_for_reposts = models.BooleanField(
        _("approved for reposts"),
        default=False,
        help_text=_("Only approved outlets may be named as the source of a reposted article."),
    )
    default_notice = models.ForeignKey(
        "CopyrightNotice",
        verbose_name=_("default copyright notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Given to new articles from this outlet. It must be one of its own notices."),
    )

    class Meta:
        verbose_name = _("source outlet")
        verbose_name_plural = _("source outlets")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=web_url_or_empty("homepage"),
                name="outlet_homepage_is_web_url",
                violation_error_message=_("The homepage must start with http:// or https://."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return outlet_address(self.pk)

    def clean(self):
        super().clean()
        if self.default_notice_id and self.default_notice.holder_id != self.pk:
            raise ValidationError(
                {"default_notice": _("The default notice must be held by this outlet.")}
            )


class CopyrightNotice(models.Model):
    """A 版权声明 whose holder's name always comes from its holder.

    The text is a template: every `{holder}` is replaced by the holder's name when shown, and
    the text may not spell out any other outlet's name, so a notice on a 荆楚网 page can never
    say the work belongs to 大众新闻网.
    """

    holder = models.ForeignKey(
        SourceOutlet,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    title = models.CharField(
        _("title"), max_length=100, help_text=_("For editors choosing a notice, e.g. “标准声明”.")
    )
    template = models.TextField(
        _("text"),
        help_text=_("Plain text. Write {holder} wherever the holder's name belongs."),
    )

    class Meta:
        verbose_name = _("copyright notice")
        verbose_name_plural = _("copyright notices")
        ordering = ["holder__name", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "title"], name="notice_title_unique_per_holder"
            ),
            models.CheckConstraint(
                condition=models.Q(template__contains=HOLDER_PLACEHOLDER),
                name="notice_names_its_holder",
                violation_error_message=_("Write {holder} where the holder's name belongs."),
            ),
        ]

    def __str__(self):
        return f"{self.holder} · {self.title}"

    @property
    def text(self):
        return self.template.replace(HOLDER_PLACEHOLDER, self.holder.name)

    def clean(self):
        super().clean()
        self._refuse_a_new_holder()
        if HOLDER_PLACEHOLDER not in self.template:
            raise ValidationError(
                {"template": _("Write {holder} where the holder's name belongs.")}
            )
        for owner in named_owners(self.template):
            if owner != HOLDER_PLACEHOLDER:
                raise ValidationError(
                    {
                        "template": _(
                            "The text gives the copyright to “%(other)s”. "
                            "Write {holder} instead: the holder's name is filled in."
                        )
                        % {"other": owner}
                    }
                )
        # The holder may be a new outlet saved together with this notice (an admin inline):
        # then every outlet in the database is another one.
        try:
            holder = self.holder
        except SourceOutlet.DoesNotExist:
            holder = None
        holder_names = {holder.name, holder.short_name} - {""} if holder else set()
        others = SourceOutlet.objects.exclude(pk=self.holder_id).values_list("name", "short_name")
        for name in {n for pair in others for n in pair if n} - holder_names:
            if name in self.template and not any(name in own for own in holder_names):
                raise ValidationError(
                    {
                        "template": _(
                            "The text names “%(other)s”, which is not the holder. "
                            "Use {holder} instead of an outlet's name."
                        )
                        % {"other": name}
                    }
                )

    def _refuse_a_new_holder(self):
        # Articles and outlets chose this notice for its holder: moving it to another outlet
        # would put that outlet's name on their pages, the very bug of the sample page.
        if self.pk is None or not self.holder_id:
            return
        saved_holder = (
            CopyrightNotice.objects.filter(pk=self.pk).values_list("holder", flat=True).first()
        )
        if saved_holder is not None and saved_holder != self.holder_id:
            raise ValidationError(
                {
                    "holder": _(
                        "A notice keeps its holder: articles and outlets rely on it. "
                        "Write a new notice for the other outlet."
                    )
                }
            )
