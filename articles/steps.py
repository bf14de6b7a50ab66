"""The workflow's state table and its buttons, in one place.

For each step: the states it starts from, the state it leads to (None: the state stays), the label
of its button on the change and add forms, and what the button asks for (a note, a time).
`permissions` decides who may take a step; `workflow` takes it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Article, Transition

S = Article.Status
A = Transition.Action


@dataclass(frozen=True)
class Step:
    action: str
    sources: tuple
    target: str | None
    button: Promise
    note_label: Promise | None = None
    note_required: Promise | None = None
    asks_time: bool = False
    # 签发: the last stage signs the article (or its pending changes) off.
    signs_off: bool = False

    @property
    def label(self):
        return A(self.action).label


STEPS = {
    step.action: step
    for step in (
        Step(A.SUBMIT, (S.DRAFT,), S.IN_REVIEW, _("Save and submit for review")),
        Step(A.PASS, (S.IN_REVIEW,), S.IN_REVIEW, _("Save and pass to the next stage")),
        Step(
            A.RETURN,
            (S.IN_REVIEW,),
            S.DRAFT,
            _("Save and return to the author"),
            note_label=_("Note for the author"),
            note_required=_("Say what the author should change."),
        ),
        # From published only while scheduled: "publish now" instead of waiting for the time.
        Step(
            A.PUBLISH,
            (S.DRAFT, S.IN_REVIEW, S.PUBLISHED),
            S.PUBLISHED,
            _("Save, sign off and publish now"),
            signs_off=True,
        ),
        Step(
            A.SCHEDULE,
            (S.DRAFT, S.IN_REVIEW),
            S.PUBLISHED,
            _("Save, sign off and schedule"),
            asks_time=True,
            signs_off=True,
        ),
        # Only while still scheduled: moving a live article's time would hide it from readers.
        Step(
            A.RESCHEDULE,
            (S.PUBLISHED,),
            S.PUBLISHED,
            _("Save and change the go-live time"),
            asks_time=True,
        ),
        Step(
            A.WITHDRAW,
            (S.PUBLISHED,),
            S.WITHDRAWN,
            _("Save and withdraw"),
            note_label=_("Reason"),
            note_required=_("Give the reason for the withdrawal."),
        ),
        Step(A.REPUBLISH, (S.WITHDRAWN,), S.PUBLISHED, _("Save and publish again")),
        Step(
            A.APPROVE_CHANGES,
            (S.PUBLISHED, S.WITHDRAWN),
            None,
            _("Save and sign off the pending changes"),
            signs_off=True,
        ),
        Step(
            A.DISCARD_CHANGES,
            (S.PUBLISHED, S.WITHDRAWN),
            None,
            _("Return the pending changes"),
            note_label=_("Note for the editor"),
            note_required=_("Say why the changes are returned."),
        ),
    )
}
# Steps that need the article in review at a stage: who may take them depends on the stage.
STAGE_STEPS = {A.PASS, A.RETURN}
# Steps only whoever may sign off (the chain's last stage) takes on a published article.
SIGNER_STEPS = {A.RESCHEDULE, A.WITHDRAW, A.REPUBLISH, A.APPROVE_CHANGES, A.DISCARD_CHANGES}
