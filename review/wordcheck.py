"""The sensitive-word check over everything readers see of an article."""

import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape

from django.db.models import Count, Max
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .matcher import Hit, Matcher
from .models import SensitiveWord

L = SensitiveWord.Level
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|tr|td|th|div)>|<br\s*/?>", re.IGNORECASE)
ALT = re.compile(r"""<img\b[^>]*\balt=(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")
CONTEXT = 15

_lock = threading.Lock()
_cached = {"key": None, "matcher": None}
_run = threading.local()
# How long a long run (an import) keeps using the word list it read before looking again.
RUN_RECHECK_SECONDS = 5


@dataclass(frozen=True)
class FieldHit:
    field: str
    hit: Hit
    context: str  # HTML: the surrounding text, the hit in <mark>

    @property
    def level(self):
        return self.hit.level

    @property
    def level_label(self):
        return SensitiveWord.Level(self.hit.level).label

    @property
    def key(self):
        """What an acknowledgement names: the word and the field it was found in."""
        return f"{self.hit.word}|{self.field}"


@contextmanager
def checking_many():
    """Within the block (an import checking thousands of articles), the word list is looked up
    at most every `RUN_RECHECK_SECONDS` instead of once per check: a word added meanwhile is
    used from the next look on."""
    _run.checked_at = float("-inf")
    try:
        yield
    finally:
        _run.checked_at = None


def current_matcher():
    """The matcher for the word list as stored now, rebuilt only when the list changed (one
    small query per check, or per few seconds inside `checking_many`)."""
    checked_at = getattr(_run, "checked_at", None)
    if checked_at is not None:
        if time.monotonic() - checked_at < RUN_RECHECK_SECONDS and _cached["matcher"]:
            return _cached["matcher"]
        _run.checked_at = time.monotonic()
    state = SensitiveWord.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    key = (state["count"], state["latest"])
    with _lock:
        if _cached["key"] != key:
            rows = SensitiveWord.objects.values_list(
                "normalized", "word", "level", "category", "replacement"
            )
            _cached.update(key=key, matcher=Matcher(list(rows)))
        return _cached["matcher"]


def body_text(html):
    """The body as readers read it: blocks on lines of their own, image descriptions included."""
    alts = [unescape(match[2]) for match in ALT.finditer(html or "")]
    text = unescape(TAG.sub("", BLOCK_END.sub("\n", html or "")))
    return "\n".join([text, *alts])


def reader_texts(article, tag_names=None, corrections=None):
    """(field label, text) for every text a reader sees of the article."""
    from articles.models import Article
    from pictures.selectors import reader_texts as picture_texts

    field = Article._meta.get_field
    texts = [
        (str(field(name).verbose_name), getattr(article, name) or "")
        for name in (
            "kicker",
            "headline",
            "subheadline",
            "list_title",
            "summary",
            "lead_image_caption",
            "original_title",
            "original_author",
        )
    ]
    texts.append((str(field("body").verbose_name), body_text(article.body)))
    # The lead picture's and the gallery's captions, alt texts and credits (pictures app).
    texts += picture_texts(article)
    if article.pk:
        if tag_names is None:
            tag_names = list(article.tags.names())
        if corrections is None:
            corrections = list(article.corrections.values_list("text", flat=True))
    texts += [(_("tags"), "\n".join(tag_names or []))]
    texts += [(_("corrections"), "\n".join(corrections or []))]
    return [(label, text) for label, text in texts if text]


def check(article, **known):
    """Every hit in what readers see of the article, most serious first."""
    matcher = current_matcher()
    found = []
    for label, text in reader_texts(article, **known):
        for hit in matcher.find(text):
            found.append(FieldHit(label, hit, _context(text, hit)))
    order = {L.BLOCK: 0, L.REVIEW: 1, L.NOTE: 2}
    return sorted(found, key=lambda f: (order.get(f.level, 3), f.field, f.hit.start))


def blocking(hits):
    return [hit for hit in hits if hit.level == L.BLOCK]


def needing_acknowledgement(hits):
    """Review-level hits, one per word and field."""
    seen, result = set(), []
    for hit in hits:
        if hit.level == L.REVIEW and hit.key not in seen:
            seen.add(hit.key)
            result.append(hit)
    return result


def describe(hits):
    return "、".join(f"“{hit.hit.text}”({hit.field})" for hit in hits)


def highlight(text, hits_or_matcher=None):
    """`text` escaped, every hit in it marked (for diffs)."""
    matcher = hits_or_matcher or current_matcher()
    hits = matcher.find(text)
    return _marked(text, hits)


def _marked(text, hits):
    parts, at = [], 0
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start < at:
            continue
        parts += [escape(text[at : hit.start]), _mark(hit, text[hit.start : hit.end])]
        at = hit.end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))


def _mark(hit, written):
    return f'<mark class="sensitive-{hit.level}" title="{escape(hit.category)}">{escape(written)}</mark>'


def _context(text, hit):
    start, end = max(0, hit.start - CONTEXT), min(len(text), hit.end + CONTEXT)
    shifted = Hit(**{**hit.__dict__, "start": hit.start - start, "end": hit.end - start})
    snippet = text[start:end].replace("\n", " ")
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + _marked(snippet, [shifted]) + suffix)
