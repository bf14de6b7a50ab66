"""Bytes to clean text: size and binary checks, encoding detection, width folding for reading."""

import codecs
import os
import re
import stat

from django.utils.translation import gettext as _

from .errors import CaptureError

MAX_CAPTURE_BYTES = 2 * 1024 * 1024
# A saved HTML page carries its scripts, styles and sometimes inline images besides the text.
MAX_PAGE_BYTES = 10 * 1024 * 1024
# GB18030 is a superset of GBK and GB2312; UTF-8 decoding is strict, so GBK bytes almost
# never pass it by accident, which makes a fixed try-order reliable for these two families.
ENCODINGS = ("utf-8", "gb18030")
CONTROL_CHAR_LIMIT = 0.01
# Control characters other than tab, line feed, carriage return and form feed.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

# Every kind of wide space becomes a plain space and invisible marks go: the stored text keeps
# its punctuation as written (GB/T 15834's full-width ，：（）！).
_TEXT_TABLE = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x200B: None, 0xFEFF: None}
# Full-width digits and Latin letters are typing accidents, not punctuation (GB/T 15835 writes
# numbers half-width): they become their ASCII twins.
for first, last in (("０", "９"), ("Ａ", "Ｚ"), ("ａ", "ｚ")):
    _TEXT_TABLE.update({code: chr(code - 0xFEE0) for code in range(ord(first), ord(last) + 1)})
_TEXT_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TEXT_TABLE)) + "]")


# Only for recognising labels and layout: full-width ASCII forms (：（），！) read as their ASCII
# twins. One character for one, so a match's offsets are the same in the text as written.
_FOLD_RE = re.compile("[\uff01-\uff5e]")


def printable_path(path):
    """The path as text every database and terminal takes: bytes of a file name that are not
    UTF-8 (a GBK name from a Windows archive) become U+FFFD instead of lone surrogates."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_capture(path):
    """Return the normalised text of the capture at `path`, or raise CaptureError."""
    return normalize_text(decode_capture(read_bytes(path)))


def read_bytes(path, limit=MAX_CAPTURE_BYTES):
    """The bytes of a regular file of at most `limit` bytes, or CaptureError.

    A FIFO, a device (`/dev/zero`) or a socket is refused before a byte is read: opening
    without blocking keeps a FIFO with no writer from hanging the run, and the check is made on
    the opened file, so a link swapped meanwhile cannot slip a device in.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise CaptureError(_("not a regular file (a FIFO, device or socket); skipped"))
        if info.st_size > limit:
            raise CaptureError(_too_large(info.st_size, limit))
        data = file.read(limit + 1)
    if len(data) > limit:
        raise CaptureError(_too_large(len(data), limit))
    return data


def _too_large(size, limit):
    return _("file too large: %(size)d bytes, a capture may have at most %(limit)d") % {
        "size": size,
        "limit": limit,
    }


def decode_capture(data):
    if not data.strip():
        raise CaptureError(_("empty file"))
    if b"\x00" in data:
        raise CaptureError(_("binary file, not a text capture"))
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8) :], ("utf-8",))
    else:
        text = _decode(data, ENCODINGS)
    controls = len(CONTROL_RE.findall(text))
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
    """Unify line ends and spaces; keeps one output line per input line and the punctuation."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # translate() looks every character up: on a 10,000-page run only the few to change are.
    return _TEXT_RE.sub(_text_char, text)


def fold(text):
    """`text` as the parser reads labels and layout: full-width ASCII forms made half-width."""
    return _FOLD_RE.sub(_fold_char, text)


def _text_char(match):
    return _TEXT_TABLE[ord(match.group())] or ""


def _fold_char(match):
    return chr(ord(match.group()) - 0xFEE0)
