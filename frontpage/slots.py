"""What a page's blocks show at a moment: the live entries editors placed, then the newest
articles of each block's fallback, no article twice on a page.

The cost is fixed whatever the number of blocks and entries: one query for the blocks, one for
their live entries, one for the sections (only when a block falls back to a section or to a
section page's articles), one for
the fallbacks' candidates at once (ids only), one for the chosen articles, and one for the open
topics (only when a block lists them).
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Case, F, JSONField, Q, Value, When
from django.utils import timezone

from articles.models import Article, Section
from articles.models.sections import PATH_SEPARATOR
from articles.prepared import prepared, prepared_objects

from .models import Block, Page, SlotEntry, Topic

ARTICLE_FIELDS = ("article__section", "article__lead_image")
# A picture's renditions (some 6 KB of JSON) are read only for the slots that print it: reading
# and decoding them for the ~60 titles of a home page was a fifth of its time.
UNPRINTED = ("article__body", "article__lead_image__renditions", "image__renditions")


@dataclass
class Slot:
    """One place of a block: an article, and the entry that put it there (None: a fallback)."""

    article: Article
    entry: SlotEntry | None = None
    # Its teaser, for the blocks printed one teaser a slot (see templatetags/front_pages.py).
    html: str = ""

    @property
    def title(self):
        return self.entry.shown_title if self.entry else self.article.title

    @property
    def summary(self):
        return self.entry.shown_summary if self.entry else self.article.summary

    @property
    def image(self):
        return self.entry.shown_image if self.entry else self.article.lead_image

    @cached_property
    def url(self):
        return self.article.get_absolute_url()


@dataclass
class FilledBlock:
    block: Block
    slots: list = field(default_factory=list)
    topics: list = field(default_factory=list)

    @property
    def articles(self):
        return [slot.article for slot in self.slots]


def blocks_of(page_filter):
    return list(
        Block.objects.filter(page_filter)
        .select_related("page", "fallback_section")
        .order_by("position", "pk")
    )


def fill(page, blocks, at=None, extra_blocks=()):
    """The blocks (saved ones of `page`, then transient `extra_blocks`) with what they show at
    `at` (default: now)."""
    at = at or timezone.now()
    blocks = [*blocks, *extra_blocks]
    saved = [block.pk for block in blocks if block.pk]
    entries = _live_entries(saved, at) if saved else []
    filled = {id(block): FilledBlock(block) for block in blocks}
    by_pk = {block.pk: filled[id(block)] for block in blocks if block.pk}
    for entry in entries:
        target = by_pk[entry.block_id]
        if len(target.slots) < target.block.size:
            target.slots.append(Slot(entry.article, entry))
    placed = {entry.article_id for entry in entries}
    _fill_fallbacks(page, [filled[id(block)] for block in blocks], placed, at)
    _add_topics([filled[id(block)] for block in blocks])
    return [filled[id(block)] for block in blocks]


def _live_entries(blocks, at):
    """The live entries of the saved `blocks`: their SQL, with its four joins, is built once
    per number of blocks (`prepared.py`)."""

    def build(at, blocks):
        pictured = ~Q(block__style=Block.Style.TITLES)
        return (
            SlotEntry.objects.filter(block__in=blocks)
            .live(at)
            .select_related(*ARTICLE_FIELDS, "image")
            .defer(*UNPRINTED)
            .annotate(
                lead_renditions=_renditions_where(pictured, "article__lead_image__renditions"),
                image_renditions=_renditions_where(pictured, "image__renditions"),
            )
            .order_by("block", "position", "pk")
        )

    name = f"front_slot_entries_{len(blocks)}"
    entries = prepared_objects(name, build, len(blocks)).instances(at, blocks)
    for entry in entries:
        _give_renditions(entry.article.lead_image, entry.lead_renditions)
        _give_renditions(entry.image, entry.image_renditions)
    return entries


def _renditions_where(condition, path):
    return Case(When(condition, then=F(path)), default=None, output_field=JSONField())


def _give_renditions(image, renditions):
    if image is not None and renditions is not None:
        image.renditions = renditions


def _source(page, block, at, subtrees):
    if block.fallback == Block.Fallback.PAGE and page.kind == Page.Kind.SECTION:
        # `page.fallback_articles()`, with the section tree already read.
        return Article.objects.published(at).filter(section__in=subtrees(page.section.path))
    if block.fallback == Block.Fallback.PAGE:
        return page.fallback_articles(at)
    if block.fallback == Block.Fallback.SECTION and block.fallback_section_id:
        return Article.objects.published(at).filter(
            section__in=subtrees(block.fallback_section.path)
        )
    return None


def _source_shape(page, block, subtrees):
    """What the SQL of `_source` depends on, besides the moment."""
    if block.fallback == Block.Fallback.PAGE:
        if page.kind == Page.Kind.SECTION:
            return ("section page", tuple(subtrees(page.section.path)))
        if page.kind == Page.Kind.TOPIC:
            return ("topic", page.topic_id, page.topic.selection, page.topic.tag_id)
        return ("site",)
    if block.fallback == Block.Fallback.SECTION and block.fallback_section_id:
        return ("section", tuple(subtrees(block.fallback_section.path)))
    return None


def _scope(block):
    """The articles a block falls back to: "" for the page's own (the site, the section or the
    topic: all may overlap), else the path of its section."""
    if block.fallback == Block.Fallback.SECTION and block.fallback_section_id:
        return block.fallback_section.path
    return ""


def _overlap(one, other):
    if one == "" or other == "":
        return True
    return one == other or one.startswith(other + "/") or other.startswith(one + "/")


def _reads(page, filled, subtrees):
    """The blocks' fallback reads: (block number, its shape, pictures only, how many)."""
    reads, earlier = [], []
    for n, item in enumerate(filled):
        block = item.block
        missing = block.size - len(item.slots)
        if missing <= 0 or block.style == Block.Style.TOPICS:
            continue
        shape = _source_shape(page, block, subtrees)
        if shape is None:
            continue
        # Only earlier fallbacks drawing on the same articles can take some of this one's.
        scope = _scope(block)
        taken = sum(size for other, size in earlier if _overlap(scope, other))
        reads.append((n, shape, block.style == Block.Style.PICTURES, missing + taken))
        earlier.append((scope, missing))
    return reads


def _union(page, filled, reads, subtrees):
    """The ORM's build of the reads' UNION ALL, each row marked with its block: an OR of IN
    subqueries had every published article tested against each read. Only ids are read for
    the candidates (hundreds on a long home page), then the chosen articles."""

    def build(at, placed):
        parts = []
        for n, _shape, pictures, count in reads:
            source = _source(page, filled[n].block, at, subtrees)
            if pictures:
                source = source.filter(lead_image__isnull=False)
            newest = source.exclude(pk__in=placed).values("pk")[:count]
            parts.append(
                Article.objects.filter(pk__in=newest)
                .order_by()
                .annotate(block=Value(n))
                .values_list("pk", "published_at", "block")
            )
        return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]

    return build


def _fill_fallbacks(page, filled, placed, at):
    """One query for every block's fallback: each block's newest articles, enough of them to
    make up for the ones shown earlier on the page, marked with the blocks they are for. Its
    SQL is built once per layout (`prepared.py`)."""
    found = {}

    def subtrees(path):
        """The ids of the section at `path` and of every section under it."""
        if not found:
            for pk, section_path in Section.objects.values_list("pk", "path"):
                parts = section_path.split(PATH_SEPARATOR)
                for depth in range(1, len(parts) + 1):
                    found.setdefault(PATH_SEPARATOR.join(parts[:depth]), []).append(pk)
        return found.get(path, [])

    reads = _reads(page, filled, subtrees)
    if not reads:
        return
    placed_ids = sorted(placed)
    build = _union(page, filled, reads, subtrees)
    columns = (None, "published_at", None)
    shape = (page.pk, tuple(reads))
    name = hashlib.blake2b(repr((shape, len(placed_ids))).encode(), digest_size=8).hexdigest()
    query = prepared(shape, build, columns, len(placed_ids), name=f"front_fallbacks_{name}")
    marks, times = {}, {}
    for pk, published_at, n in query.run(at, placed_ids):
        marks.setdefault(pk, set()).add(n)
        times[pk] = published_at
    candidates = sorted(marks, key=lambda pk: (times[pk], pk), reverse=True)
    read_blocks = {n for n, *_ in reads}
    shown, chosen = set(placed), {}
    for n, item in enumerate(filled):
        if n not in read_blocks:
            shown.update(slot.article.pk for slot in item.slots)
            continue
        for pk in candidates:
            if len(item.slots) + len(chosen.get(n, [])) >= item.block.size:
                break
            if n in marks[pk] and pk not in shown:
                chosen.setdefault(n, []).append(pk)
                shown.add(pk)
    room = sum(filled[n].block.size - len(filled[n].slots) for n in read_blocks)
    pictured = [n for n in read_blocks if filled[n].block.style != Block.Style.TITLES]
    articles = _chosen_articles(
        [pk for pks in chosen.values() for pk in pks],
        [pk for n in pictured for pk in chosen.get(n, [])],
        (room, sum(filled[n].block.size - len(filled[n].slots) for n in pictured)),
        at,
    )
    for n, pks in chosen.items():
        filled[n].slots.extend(Slot(articles[pk]) for pk in pks)


def _chosen_articles(pks, pictured, rooms, at):
    """The fallbacks' chosen articles by id, with the renditions of the `pictured` ones' pictures
    (those of the blocks that print them), read by a query built once per layout: the ids are
    made up to `rooms` (the places the fallbacks may fill, of them those printing pictures) by
    repeating one, and the pictured by an id no article has."""
    if not pks:
        return {}
    room, pictures_room = rooms

    def build(at, ids):
        shown = _renditions_where(Q(pk__in=ids[room:]), "lead_image__renditions")
        return (
            Article.objects.filter(pk__in=ids[:room])
            .select_related("section", "lead_image")
            .defer("body", "lead_image__renditions")
            .annotate(lead_renditions=shown)
        )

    ids = pks + [pks[0]] * (room - len(pks)) + pictured + [0] * (pictures_room - len(pictured))
    query = prepared_objects(f"front_chosen_articles_{room}_{pictures_room}", build, len(ids))
    articles = query.instances(at, ids)
    for article in articles:
        _give_renditions(article.lead_image, article.lead_renditions)
    return {article.pk: article for article in articles}


def _add_topics(filled):
    topic_blocks = [item for item in filled if item.block.style == Block.Style.TOPICS]
    if not topic_blocks:
        return
    largest = max(item.block.size for item in topic_blocks)
    topics = list(Topic.objects.open().select_related("banner")[:largest])
    for item in topic_blocks:
        item.topics = topics[: item.block.size]


def shown_ids(filled):
    return {slot.article.pk for item in filled for slot in item.slots}
