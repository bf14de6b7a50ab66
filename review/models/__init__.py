from .chains import ChainSection, ReviewChain, Reviewer, Stage
from .records import Acknowledgement, PendingRevision, ReviewState, SignOff
from .words import SensitiveWord

__all__ = [
    "Acknowledgement",
    "ChainSection",
    "PendingRevision",
    "ReviewChain",
    "Reviewer",
    "ReviewState",
    "SensitiveWord",
    "SignOff",
    "Stage",
]
