from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..fields import SanitizedHTMLField


class SitePage(models.Model):
    """A page about the site itself (关于我们, 联系我们), edited in the admin, not an article.

    The footer links `about` and `contact` by address, with no query, so those two always exist.
    """

    FOOTER_SLUGS = ("about", "contact")

    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, help_text=_("Used in the address: /pages/<slug>/.")
    )
    title = models.CharField(_("title"), max_length=100)
    body = SanitizedHTMLField(_("body"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:site_page", args=[self.slug])

    def may_be_deleted(self):
        return self.slug not in self.FOOTER_SLUGS
