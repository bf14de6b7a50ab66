"""Front pages are versioned with django-reversion: a page's revision holds its blocks and
their entries, so a restore brings the whole arrangement back."""

import reversion

from .models import Block, Page, SlotEntry


def register_models():
    reversion.register(Page, follow=("blocks",))
    reversion.register(Block, follow=("entries",))
    reversion.register(SlotEntry)
