"""The accuracy set (tests/data/archive_set): every page read into exactly its expected fields.

`bench/import_accuracy.py` prints the same comparison as figures; this keeps it from slipping.
"""

import json
from pathlib import Path

import pytest

from archive.parse import section_vocabulary
from archive.read import PAGE_SUFFIXES, load_capture

SET = Path(__file__).parent / "data" / "archive_set"
PAGES = sorted(p.name for p in SET.iterdir() if p.suffix in PAGE_SUFFIXES)
FIXTURE = Path(__file__).parent.parent / "fixtures" / "reference.json"


def site_sections():
    """The reference fixtures' sections: the site the set's run-together breadcrumbs name."""
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return section_vocabulary(
        (row["fields"]["name"], row["fields"]["slug"])
        for row in rows
        if row["model"] == "articles.section"
    )


def fields(capture):
    texts = [block.text for block in capture.blocks if block.kind != "img"]
    return {
        "section": capture.section_names,
        "title": capture.headline,
        "published_at": capture.published_at.strftime("%Y-%m-%d %H:%M:%S"),
        "source": capture.source_name,
        "credits": sorted(f"{credit.role}:{credit.name}" for credit in capture.credits),
        "editors": capture.editors,
        "staff": sorted(f"{credit.role}:{credit.name}" for credit in capture.staff_credits),
        "body_first": texts[0],
        "body_last": texts[-1],
        "images": [image.src for image in capture.images],
    }


def test_the_set_has_at_least_30_captures_and_15_saved_pages():
    assert len([p for p in PAGES if p.endswith(".txt")]) >= 30
    assert len([p for p in PAGES if p.endswith(".html")]) >= 15


@pytest.mark.parametrize("name", PAGES)
def test_page_is_read_into_its_expected_fields_with_no_furniture_in_the_body(name):
    path = SET / name
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    capture = load_capture(path, site_sections())
    found = fields(capture)
    for kind in ("body_first", "body_last"):
        assert found.pop(kind).startswith(expected.pop(kind)), kind
    furniture = expected.pop("not_in_body")
    no_subheadings = expected.pop("no_subheadings", False)
    expected["credits"] = sorted(expected["credits"])
    expected["staff"] = sorted(expected.get("staff", []))
    assert {kind: found[kind] for kind in expected} == expected
    body = "\n".join(block.text for block in capture.blocks)
    assert [text for text in furniture if text in body] == []
    if no_subheadings:
        assert all(block.kind != "h" for block in capture.blocks)
