"""What deleting a library picture does to the articles that show it.

A picture on a page readers saw (live, scheduled or withdrawn) must stay: deleting it raises
ProtectedError naming those articles, which the admin lists on its delete page. A draft that
used it simply loses it.
"""

from django.db.models import CASCADE, SET_NULL, ProtectedError
from django.utils.translation import gettext as _


def _refuse_if_published(articles):
    shown = [article for article in articles if article.has_been_published()]
    if shown:
        raise ProtectedError(
            _("The picture is shown by published articles and cannot be deleted."), shown
        )


def SET_NULL_UNLESS_PUBLISHED(collector, field, sub_objs, using):  # noqa: N802 - like SET_NULL
    """For Article.lead_image: drafts lose the picture, published articles keep it."""
    _refuse_if_published(sub_objs)
    SET_NULL(collector, field, sub_objs, using)


def CASCADE_UNLESS_PUBLISHED(collector, field, sub_objs, using):  # noqa: N802 - like CASCADE
    """For a gallery's pictures: leaves a draft's gallery, never a published one."""
    if hasattr(sub_objs, "select_related"):
        sub_objs = sub_objs.select_related("article")
    _refuse_if_published([picture.article for picture in sub_objs])
    CASCADE(collector, field, sub_objs, using)
