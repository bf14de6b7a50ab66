"""Upload names nobody can guess, so a draft's images cannot be found before it is published."""

import re
import secrets
from pathlib import PurePath

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
# A file the media folder would not take whole (full, read-only): said beside the field.
MEDIA_REFUSED = _(
    "The file could not be stored: the media folder is full or not writable (%(reason)s). "
    "Nothing was saved and the rest of the form is kept; choose the file again once the "
    "folder has room, or tell the site's operator."
)
SENT_FILE_NAME = re.compile(rb'filename\*?=(?:"([^"]*)"|([^;\r\n]*))', re.IGNORECASE)


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def sends_a_path(request):
    """Whether a file name in the multipart form climbs or names folders (`../x.png`, `a/b.png`).

    Django strips such paths before any view sees the file, so the raw body is read; the caller
    checks its size against the limit first.
    """
    for quoted, bare in SENT_FILE_NAME.findall(request.body):
        name = (quoted or bare).strip()
        if b"/" in name or b"\\" in name or b"%2f" in name.lower() or b"%5c" in name.lower():
            return True
    return False


def _random_name(filename):
    suffix = PurePath(filename).suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        suffix = ".jpg" if suffix in {".jpe", ".jfif"} else ".bin"
    return f"{secrets.token_urlsafe(18)}{suffix}"


def lead_image_path(instance, filename):
    return f"lead/{timezone.now():%Y/%m}/{_random_name(filename)}"


def outlet_logo_path(instance, filename):
    return f"outlets/{_random_name(filename)}"


def contributor_photo_path(instance, filename):
    return f"contributors/{_random_name(filename)}"


def random_filename(filename, request):
    """django-ckeditor's CKEDITOR_FILENAME_GENERATOR: the body-image name under its upload path."""
    return _random_name(filename)
