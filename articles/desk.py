"""The editors' desk on the admin index: what the person logged in has to look at."""

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from review import chains

from . import permissions
from .models import Article, Transition


def desk_for(user, limit=8):
    """Short lists of articles for the admin index: one query per list, whatever its length."""
    everyone = Article.objects.select_related("section")
    mine = everyone.by_author(user)
    returned = Transition.objects.filter(article=OuterRef("pk"), action=Transition.Action.RETURN)
    editor = permissions.is_editor(user)
    scope = everyone if editor else mine
    waiting = _submitted(everyone.filter(chains.waiting_for(user)))
    lists = [
        ("my-drafts", _("My drafts"), mine.drafts().exclude(Exists(returned)), "-updated_at"),
        ("returned", _("Returned to me"), mine.drafts().filter(Exists(returned)), "-updated_at"),
        ("waiting", _("Waiting at my stage"), waiting, "since"),
        ("submitted", _("Submitted by me (in review)"), _submitted(mine), "since"),
    ]
    if editor:
        lists.append(("in-review", _("All in review"), _submitted(everyone), "since"))
    lists += [
        ("pending", _("Changes waiting for sign-off"), _pending(user, everyone), "updated_at"),
        ("scheduled", _("Scheduled"), scope.scheduled(), "published_at"),
        ("recent", _("Recently published"), scope.live(), "-published_at"),
    ]
    return [
        {
            "key": key,
            "title": title,
            "rows": [
                {
                    "article": article,
                    "time": getattr(article, ordering.lstrip("-")),
                    "stage": getattr(article, "stage_name", None),
                    "since": getattr(article, "since", None),
                }
                for article in queryset.order_by(ordering, "-pk")[:limit]
            ],
        }
        for key, title, queryset, ordering in lists
    ]


def _submitted(articles):
    """Articles in review with the stage they wait at and since when (fixtures' articles, with
    no recorded stage, since their last change)."""
    return articles.in_review().annotate(
        stage_name=F("review_state__stage__name"),
        since=Coalesce("review_state__since", "updated_at"),
    )


def _pending(user, everyone):
    """Published articles with changes waiting, for whoever signs off at some chain's last stage
    (the permission module judges each article when it is opened)."""
    waiting = everyone.filter(pending_revision__isnull=False).annotate(
        since=F("pending_revision__updated_at")
    )
    return waiting if chains.signs_off_somewhere(user) else waiting.none()
