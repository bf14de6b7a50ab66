"""Word lists from text files: one word a line, then optionally level, category and hint."""

import re

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import SensitiveWord
from .normalize import normalize_word

LEVELS = {
    **{level.value: level.value for level in SensitiveWord.Level},
    "禁用": "block",
    "审核": "review",
    "提示": "note",
}
SEPARATOR = re.compile(r"\t|,|，")
MAX_BYTES = 5 * 1024 * 1024


class ImportError(Exception):  # noqa: A001 - the word list's own import error
    """The file cannot be imported; nothing was changed."""


def parse(data):
    """[(word, level, category, replacement)], or ImportError naming the line."""
    if len(data) > MAX_BYTES:
        raise ImportError(_("The file is larger than 5 MB."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as failure:
        raise ImportError(_("The file is not UTF-8 text.")) from failure
    rows, seen = [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in SEPARATOR.split(line)] + ["", "", ""]
        word, level, category, replacement = parts[:4]
        level = LEVELS.get(level.lower() or "review")
        if level is None:
            raise ImportError(
                _("Line %(line)d: the level must be block, review or note.") % {"line": number}
            )
        normalized = normalize_word(word)
        if not normalized or len(word) > 100:
            raise ImportError(_("Line %(line)d: no word to match.") % {"line": number})
        if normalized in seen:
            continue  # the first line naming a word wins
        seen[normalized] = True
        rows.append((word, level, category[:50], replacement[:100]))
    return rows


def import_words(data, user=None):
    rows = parse(data)
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Imported from a text file"))
        existing = {word.normalized: word for word in SensitiveWord.objects.all()}
        for word, level, category, replacement in rows:
            stored = existing.get(normalize_word(word))
            if stored is None:
                stored = SensitiveWord(word=word, level=level, category=category)
                stored.replacement = replacement
                counts["added"] += 1
            elif (stored.level, stored.category, stored.replacement) == (
                level,
                category,
                replacement,
            ):
                counts["unchanged"] += 1
                continue
            else:
                stored.level, stored.category, stored.replacement = level, category, replacement
                counts["updated"] += 1
            try:
                stored.full_clean(validate_unique=False)
            except ValidationError as failure:
                raise ImportError(f"{word}: {'; '.join(failure.messages)}") from failure
            stored.save()
    return counts
