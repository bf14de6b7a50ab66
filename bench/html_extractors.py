"""Our reading of saved HTML pages against trafilatura's, on the accuracy set's pages.

    .venv/bin/pip install trafilatura   # not a dependency: only this comparison uses it
    .venv/bin/python bench/html_extractors.py [FOLDER]

For each page: does the body start and end where the expected fields say, with none of the listed
furniture in it; and are the title and publish time right. Prints the counts for both readers.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # a developer's machine
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from archive.read import HTML_SUFFIXES, load_capture  # noqa: E402
from archive.saved_page import decode_html  # noqa: E402

CHECKS = ("body_first", "body_last", "no_furniture", "title", "published_day")


def ours(path):
    capture = load_capture(path)
    texts = [block.text for block in capture.blocks if block.kind != "img"]
    return {
        "paragraphs": texts,
        "title": capture.headline,
        "published_at": capture.published_at.strftime("%Y-%m-%d %H:%M"),
    }


def theirs(path):
    import trafilatura

    html = decode_html(path.read_bytes())
    document = trafilatura.bare_extraction(html, favor_precision=True, with_metadata=True)
    if document is None:
        return {"paragraphs": [], "title": "", "published_at": ""}
    text = document.text or ""
    return {
        "paragraphs": [" ".join(line.split()) for line in text.splitlines() if line.strip()],
        "title": document.title or "",
        "published_at": (document.date or "")[:16].replace("T", " "),
    }


def check(found, expected):
    texts = found["paragraphs"]
    body = "\n".join(texts)
    return {
        "body_first": bool(texts) and texts[0].startswith(expected["body_first"]),
        "body_last": bool(texts) and texts[-1].startswith(expected["body_last"]),
        "no_furniture": bool(texts) and not any(t in body for t in expected["not_in_body"]),
        "title": found["title"] == expected["title"],
        # trafilatura gives days only: days are compared.
        "published_day": found["published_at"][:10] == expected["published_at"][:10],
    }


def main(folder):
    pages = sorted(p for p in folder.iterdir() if p.suffix in HTML_SUFFIXES)
    readers = {"ours": ours}
    try:
        import trafilatura  # noqa: F401

        readers["trafilatura"] = theirs
    except ImportError:
        print("trafilatura is not installed: only our reading is counted")
    totals = {name: dict.fromkeys(CHECKS, 0) for name in readers}
    for path in pages:
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        for name, read in readers.items():
            for key, ok in check(read(path), expected).items():
                totals[name][key] += ok
    print(f"{len(pages)} pages   " + "".join(f"{key:>14}" for key in CHECKS))
    for name, counts in totals.items():
        print(f"{name:<12}" + "".join(f"{counts[key]:>14}" for key in CHECKS))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "archive_set")
