"""Bytes to clean text: size and binary checks, encoding detection, width normalisation."""

import codecs
from pathlib import Path

from django.utils.translation import gettext as _

from .errors import CaptureError

MAX_CAPTURE_BYTES = 2 * 1024 * 1024
# GB18030 is a superset of GBK and GB2312; UTF-8 decoding is strict, so GBK bytes almost
# never pass it by accident, which makes a fixed try-order reliable for these two families.
ENCODINGS = ("utf-8", "gb18030")
CONTROL_CHAR_LIMIT = 0.01

# Full-width ASCII forms (：（），！) become their ASCII twins and every kind of wide space a
# plain space. Chinese quotes, 、, 。 and 【】 have no ASCII twin and stay as they are.
_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update({0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x200B: None})
_WIDTH_TABLE[0xFEFF] = None


def printable_path(path):
    """The path as text every database and terminal takes: bytes of a file name that are not
    UTF-8 (a GBK name from a Windows archive) become U+FFFD instead of lone surrogates."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_capture(path):
    """Return the normalised text of the capture at `path`, or raise CaptureError."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_CAPTURE_BYTES:
        raise CaptureError(
            _("file too large: %(size)d bytes, a capture may have at most %(limit)d")
            % {"size": size, "limit": MAX_CAPTURE_BYTES}
        )
    return normalize_text(decode_capture(path.read_bytes()))


def decode_capture(data):
    if not data.strip():
        raise CaptureError(_("empty file"))
    if b"\x00" in data:
        raise CaptureError(_("binary file, not a text capture"))
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8) :], ("utf-8",))
    else:
        text = _decode(data, ENCODINGS)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > len(text) * CONTROL_CHAR_LIMIT:
        raise CaptureError(_("binary file, not a text capture"))
    return text


def _decode(data, encodings):
    # The encoding that read furthest is the file's own: its failure is where the damage is.
    furthest = 0
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            furthest = max(furthest, error.start)
    line = data[:furthest].count(b"\n") + 1
    raise CaptureError(
        _("undecodable bytes at byte %(offset)d: neither UTF-8 nor GB18030/GBK")
        % {"offset": furthest},
        line=line,
    )


def normalize_text(text):
    """Unify line ends and character widths; keeps one output line per input line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_WIDTH_TABLE)
