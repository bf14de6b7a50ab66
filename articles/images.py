"""What an uploaded image must be before it is stored: the rules for every image field."""

import io

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A 40-megapixel photo is larger than any news camera's; more is a decompression bomb.
MAX_UPLOAD_PIXELS = 40_000_000
UPLOAD_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


def inspect_image(uploaded_file):
    """Return the file's real image suffix, or raise ValueError with a message for the editor.

    Only the header is read and the structure verified; nothing is decoded, so a bomb is
    refused by its declared size before it can take memory.
    """
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValueError(_("The file is larger than 10 MB."))
    try:
        with Image.open(uploaded_file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError as exc:
        raise ValueError(_("The image is too large in pixels to be processed safely.")) from exc
    except Exception as exc:
        raise ValueError(_("The file is not an image that can be opened.")) from exc
    finally:
        uploaded_file.seek(0)
    if width * height > MAX_UPLOAD_PIXELS:
        raise ValueError(_("The image is too large in pixels to be processed safely."))
    if image_format not in UPLOAD_FORMATS:
        raise ValueError(_("Only JPEG, PNG, GIF and WebP images can be uploaded."))
    return UPLOAD_FORMATS[image_format]


def without_metadata(uploaded_file, suffix):
    """The file to store: a JPEG photo carries EXIF (camera, time, and often the GPS position
    where it was taken, which can give away a source), so a JPEG is stored without it, turned
    upright as its orientation tag said, keeping its colour profile and, when it needed no
    turning, its own compression tables (no visible loss). Other formats are kept as sent."""
    if suffix != UPLOAD_FORMATS["JPEG"]:
        return uploaded_file
    buffer = io.BytesIO()
    with Image.open(uploaded_file) as image:
        options = {"format": "JPEG", "icc_profile": image.info.get("icc_profile")}
        if image.getexif().get(ExifTags.Base.Orientation, 1) == 1:
            image.save(buffer, quality="keep", subsampling="keep", **options)
        else:
            ImageOps.exif_transpose(image).save(buffer, quality=92, **options)
    uploaded_file.seek(0)
    return SimpleUploadedFile(uploaded_file.name, buffer.getvalue(), "image/jpeg")


def validate_image_upload(value):
    """Model-field validator: applies the upload rules to a newly uploaded file only."""
    if getattr(value, "_committed", True):
        return
    try:
        inspect_image(value)
    except ValueError as exc:
        raise ValidationError(str(exc), code="image_rules") from exc


def prepared_upload(uploaded_file):
    """The file to store for an upload, or ValueError with a message for the editor: checked by
    the rules above, without metadata, and named after its real format, which the stored name's
    suffix then follows."""
    suffix = inspect_image(uploaded_file)
    prepared = without_metadata(uploaded_file, suffix)
    prepared.name = f"image{suffix}"
    return prepared


class ImageUploadField(forms.ImageField):
    """The form field of every image field: the rules above, with their own messages, before
    Django's ImageField decodes the file (and says only "not a valid image" of a bomb or a
    50 MB file)."""

    def to_python(self, data):
        if data in self.empty_values:
            return super().to_python(data)
        try:
            return super().to_python(prepared_upload(data))
        except ValueError as exc:
            raise ValidationError(str(exc), code="image_rules") from exc
