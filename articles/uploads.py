"""Upload names nobody can guess, so a draft's images cannot be found before it is published."""

import secrets
from pathlib import PurePath

from django.utils import timezone

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


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
