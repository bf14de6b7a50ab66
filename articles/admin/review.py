"""The review parts of the article's change page: sign-offs, pending changes, word hits."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from review import chains, wordcheck
from review.models import PendingRevision

from .. import permissions, revisions
from ..models import Article


class ReviewContextMixin:
    def review_context(self, request, article):
        hits = wordcheck.check(article)
        stage = (
            chains.current_stage(article) if article.status == Article.Status.IN_REVIEW else None
        )
        return {
            "review_stage": stage,
            "review_stages": chains.stages_of(article),
            "sign_offs": article.sign_offs.select_related("signed_by", "revision"),
            "word_hits": hits,
            "words_to_acknowledge": wordcheck.needing_acknowledgement(hits),
            "pending": self._pending_context(article),
            "edits_go_live": permissions.edit_goes_live(request.user, article),
        }

    def _pending_context(self, article):
        pending = (
            PendingRevision.objects.filter(article=article)
            .select_related("proposed_by", "updated_by", "revision", "live_revision")
            .first()
        )
        if pending is None:
            return None
        live = (
            revisions.version_in(pending.live_revision, article) if pending.live_revision else None
        )
        proposed = revisions.version_in(pending.revision, article)
        changes = revisions.diff(live, proposed) if live and proposed else []
        return {"record": pending, "changes": wordcheck_marked(changes)}

    def report_words(self, request, article):
        """The check on every save: what it found, as a message beside the saved form."""
        hits = wordcheck.check(article)
        if hits:
            messages.warning(
                request,
                _("Sensitive words in what readers would see: %(hits)s.")
                % {"hits": wordcheck.describe(hits)},
            )


def wordcheck_marked(changes):
    """Diff lines with the sensitive words in them marked."""
    matcher = wordcheck.current_matcher()
    return [
        {
            **change,
            "lines": [(kind, wordcheck.highlight(text, matcher)) for kind, text in change["lines"]],
        }
        for change in changes
    ]
