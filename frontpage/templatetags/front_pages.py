from django import template

from articles import fragments

from .. import teasers
from ..models import Block

register = template.Library()

# The styles blocks.html prints with their own templates; the others print `teasers.slot_teaser`.
OWN_TEMPLATES = {Block.Style.LEAD, Block.Style.PICTURES, Block.Style.TOPICS}


@register.simple_tag
def render_slots(blocks):
    """Renders the teasers of every list and titles block at once, from the cache when what
    they print has not changed (one cache read for the page, see articles/fragments.py), and
    keeps each on its slot as `html`."""
    slots, items = [], []
    for item in blocks:
        style = item.block.style
        if style in OWN_TEMPLATES:
            continue
        for n, slot in enumerate(item.slots):
            article, eager, titles = slot.article, n == 0, style == Block.Style.TITLES
            image = None if titles else slot.image
            values = (
                style,
                eager,
                slot.url,
                slot.title,
                None if titles else slot.summary,
                article.published_at,
                fragments.section_values(article.section),
                fragments.picture_values(image),
            )
            slots.append(slot)
            items.append((values, {"slot": slot, "style": style, "eager": eager}))
    for slot, html in zip(
        slots, fragments.render_many(teasers.__name__, items, teasers.slot_teaser), strict=True
    ):
        slot.html = html
    return ""
