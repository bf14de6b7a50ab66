"""The committed catalogues are complete and their compiled .mo files match the .po files."""

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
ENTRY = re.compile(r'^(#, fuzzy\n)?(?:#.*\n)*msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.M)


def entries(language):
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    text = re.sub(r"^#~.*\n", "", text, flags=re.M)
    for match in ENTRY.finditer(text):
        msgid = "".join(ast.literal_eval(line) for line in match.group(2).splitlines())
        msgstr = "".join(ast.literal_eval(line) for line in match.group(3).splitlines())
        if msgid:
            yield msgid, msgstr, bool(match.group(1))


def compiled(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        return gettext.GNUTranslations(mo)


def test_every_chinese_message_is_translated_and_none_is_a_guess():
    found = list(entries("zh_Hans"))
    assert len(found) > 200
    assert [msgid for msgid, msgstr, _fuzzy in found if not msgstr] == []
    assert [msgid for msgid, _msgstr, fuzzy in found if fuzzy] == []


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_compiled_catalogue_matches_its_source(language):
    catalogue = compiled(language)
    stale = [
        msgid
        for msgid, msgstr, _fuzzy in entries(language)
        if msgstr and catalogue.gettext(msgid) != msgstr
    ]
    assert stale == []


def test_english_catalogue_holds_no_chinese():
    assert [s for _id, s, _f in entries("en") if re.search(r"[\u4e00-\u9fff]", s)] == []
