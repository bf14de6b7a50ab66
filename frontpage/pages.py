"""The blocks each kind of page shows, filled for a moment (now, or a previewed time)."""

from django.db.models import Q

from articles.models import Section

from .models import Block, Page
from .slots import blocks_of, fill

# A top-level section the home page has no block of its own for still gets one, so a new
# section shows on the home page without anyone having to think of it.
SECTION_BLOCK_SIZE = 5
LEAD_ITEMS = 20


def home_blocks(roots, at=None):
    blocks = blocks_of(Q(page__kind=Page.Kind.HOME))
    page = blocks[0].page if blocks else Page(kind=Page.Kind.HOME)
    own = {block.fallback_section_id for block in blocks if block.fallback_section_id}
    automatic = [
        Block(
            page=page,
            name=root.name,
            style=Block.Style.TITLES,
            size=SECTION_BLOCK_SIZE,
            fallback=Block.Fallback.SECTION,
            fallback_section=root,
        )
        for root in roots
        if root.pk not in own
    ]
    return fill(page, blocks, at, automatic)


def section_blocks(section, at=None):
    blocks = blocks_of(Q(page__section=section))
    if not blocks:
        return []
    return fill(blocks[0].page, blocks, at)


def topic_blocks(topic, at=None):
    blocks = blocks_of(Q(page__topic=topic))
    if not blocks:
        return []
    return fill(blocks[0].page, blocks, at)


def lead_slots(filled):
    """The page's lead articles for its JSON-LD ItemList: what its own blocks show, in order."""
    seen, slots = set(), []
    for item in filled:
        if item.block.pk is None:
            continue
        for slot in item.slots:
            if slot.article.pk not in seen:
                seen.add(slot.article.pk)
                slots.append(slot)
    return slots[:LEAD_ITEMS]


def active_roots():
    return list(Section.objects.active().roots().order_by("position", "name"))
