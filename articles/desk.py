"""The editors' desk on the admin index: what the person logged in has to look at."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import Article, Transition


def desk_for(user, limit=8):
    """Short lists of articles for the admin index: one query per list, whatever its length."""
    everyone = Article.objects.select_related("section")
    mine = everyone.by_author(user)
    returned = Transition.objects.filter(article=OuterRef("pk"), action=Transition.Action.RETURN)
    editor = permissions.is_editor(user)
    scope = everyone if editor else mine
    lists = [
        ("my-drafts", _("My drafts"), mine.drafts().exclude(Exists(returned)), "-updated_at"),
        ("returned", _("Returned to me"), mine.drafts().filter(Exists(returned)), "-updated_at"),
    ]
    if editor:
        lists.append(("in-review", _("Waiting for review"), everyone.in_review(), "updated_at"))
    lists += [
        ("scheduled", _("Scheduled"), scope.scheduled(), "published_at"),
        ("recent", _("Recently published"), scope.live(), "-published_at"),
    ]
    return [
        {
            "key": key,
            "title": title,
            "rows": [
                {"article": article, "time": getattr(article, ordering.lstrip("-"))}
                for article in queryset.order_by(ordering, "-pk")[:limit]
            ],
        }
        for key, title, queryset, ordering in lists
    ]
