"""A file to a Capture, whatever form it comes in: a text capture or a saved HTML page."""

from pathlib import Path

from .normalize import MAX_PAGE_BYTES, read_bytes, read_capture
from .parse import parse_capture
from .saved_page import read_html

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
PAGE_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES)


def load_capture(path, sections=None):
    """The Capture in the file at `path` (`.html`/`.htm` as a saved page, any other as a text
    capture), or CaptureError. `sections`: the site's, as `parse.section_vocabulary` gives them."""
    if Path(path).suffix.lower() in HTML_SUFFIXES:
        return read_html(read_bytes(path, MAX_PAGE_BYTES), sections)
    return parse_capture(read_capture(path), sections=sections)
