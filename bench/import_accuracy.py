"""How well the importer reads real pages: fields right / fields expected, per field kind.

    .venv/bin/python bench/import_accuracy.py [-v] [FOLDER]

FOLDER (default tests/data/archive_set) holds captures (`.txt`) and saved pages (`.html`/`.htm`),
each beside a `<name>.expected.json` giving the fields a reader would fill in: section path, title,
publish time, source, credits (`role:name`), editors, how the body starts and ends, the images of an
HTML page, the newsroom's other staff (`staff`: `role:name`, when the page credits any), and the
furniture that must stay out of the body. Parsing only: no database is written. The site's
sections, which split a breadcrumb whose separators were images (`首页新闻湖北`), are those of
the reference fixtures, as in a newsroom that imports into them. `-v` prints every wrong field.
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # a developer's machine
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from archive.errors import CaptureError  # noqa: E402
from archive.parse import section_vocabulary  # noqa: E402
from archive.read import PAGE_SUFFIXES, load_capture  # noqa: E402

KINDS = (
    "section",
    "title",
    "published_at",
    "source",
    "credits",
    "editors",
    "staff",
    "body_first",
    "body_last",
    "images",
)


def found_fields(capture):
    blocks = [block.text for block in capture.blocks if block.kind != "img"]
    return {
        "section": capture.section_names,
        "title": capture.headline,
        "published_at": capture.published_at.strftime("%Y-%m-%d %H:%M:%S"),
        "source": capture.source_name,
        "credits": sorted(f"{credit.role}:{credit.name}" for credit in capture.credits),
        "editors": capture.editors,
        "staff": sorted(f"{credit.role}:{credit.name}" for credit in capture.staff_credits),
        "body_first": blocks[0] if blocks else "",
        "body_last": blocks[-1] if blocks else "",
        "images": [image.src for image in getattr(capture, "images", [])],
    }


def right(kind, found, expected):
    if kind in ("body_first", "body_last"):
        return found.startswith(expected)
    if kind in ("credits", "staff"):
        return found == sorted(expected)
    return found == expected


def site_sections():
    """The reference fixtures' sections, as `parse_capture` reads breadcrumbs with them."""
    rows = json.loads((ROOT / "fixtures" / "reference.json").read_text(encoding="utf-8"))
    return section_vocabulary(
        (row["fields"]["name"], row["fields"]["slug"])
        for row in rows
        if row["model"] == "articles.section"
    )


def score(folder, verbose=False):
    pages = sorted(p for p in folder.iterdir() if p.suffix.lower() in PAGE_SUFFIXES)
    expected_total, right_total = Counter(), Counter()
    accepted, furnished, wrong = 0, [], []
    sections = site_sections()
    for path in pages:
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        kinds = [kind for kind in KINDS if kind in expected]
        expected_total.update(kinds)
        try:
            capture = load_capture(path, sections)
        except CaptureError as error:
            wrong.append(f"{path.name}: refused: {error}")
            continue
        accepted += 1
        found = found_fields(capture)
        for kind in kinds:
            if right(kind, found[kind], expected[kind]):
                right_total[kind] += 1
            else:
                wrong.append(f"{path.name}: {kind}: {found[kind]!r} != {expected[kind]!r}")
        body = "\n".join(block.text for block in capture.blocks)
        leaked = [text for text in expected.get("not_in_body", []) if text in body]
        if leaked:
            furnished.append(f"{path.name}: {leaked}")
    if verbose:
        print("\n".join(wrong + [f"furniture in body: {line}" for line in furnished]), "\n")
    print(f"{'field':<14}{'right':>7}{'expected':>10}")
    for kind in KINDS:
        if expected_total[kind]:
            print(f"{kind:<14}{right_total[kind]:>7}{expected_total[kind]:>10}")
    total_right, total = sum(right_total.values()), sum(expected_total.values())
    print(f"{'all fields':<14}{total_right:>7}{total:>10}   {100 * total_right / total:.1f}%")
    print(f"accepted {accepted} of {len(pages)} pages; furniture in {len(furnished)} bodies")
    return total_right / total


if __name__ == "__main__":
    args = [arg for arg in sys.argv[1:] if arg != "-v"]
    folder = Path(args[0]) if args else ROOT / "tests" / "data" / "archive_set"
    with translation.override("en"):
        score(folder, verbose="-v" in sys.argv)
