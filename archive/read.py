"""A file to a Capture, whatever form it comes in: a text capture or a saved HTML page."""

from .normalize import read_capture
from .parse import parse_capture

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
PAGE_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES)


def load_capture(path):
    """The Capture in the file at `path`, or CaptureError."""
    return parse_capture(read_capture(path))
