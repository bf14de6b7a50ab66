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
    where it was taken, which can give away a source), so a JPEG is stored without it. A photo
    that needs no turning loses its metadata segments only, byte for byte, without being
    decoded (a 40-megapixel photo would take some 300 MB to decode and encode again); one
    whose orientation tag says it lies on its side is turned upright and encoded again, keeping
    its colour profile. A PNG or WebP loses its EXIF, XMP and text chunks the same way; a GIF
    is kept as sent."""
    if suffix == UPLOAD_FORMATS["PNG"]:
        data = png_without_metadata(uploaded_file.read())
        uploaded_file.seek(0)
        return SimpleUploadedFile(uploaded_file.name, data, "image/png")
    if suffix == UPLOAD_FORMATS["WEBP"]:
        data = webp_without_metadata(uploaded_file.read())
        uploaded_file.seek(0)
        return SimpleUploadedFile(uploaded_file.name, data, "image/webp")
    if suffix != UPLOAD_FORMATS["JPEG"]:
        return uploaded_file
    with Image.open(uploaded_file) as image:
        upright = image.getexif().get(ExifTags.Base.Orientation, 1) == 1
        icc_profile = image.info.get("icc_profile")
        if not upright:
            buffer = io.BytesIO()
            ImageOps.exif_transpose(image).save(
                buffer, format="JPEG", quality=92, icc_profile=icc_profile
            )
            data = buffer.getvalue()
    if upright:
        uploaded_file.seek(0)
        data = jpeg_without_metadata(uploaded_file.read())
    uploaded_file.seek(0)
    return SimpleUploadedFile(uploaded_file.name, data, "image/jpeg")


# JPEG segments kept: JFIF (APP0), the colour profile (APP2) and Adobe's colour transform
# (APP14), which decoders need; every other application segment (EXIF and XMP in APP1, IPTC in
# APP13, makers' notes) and comments are metadata.
KEPT_APPLICATION_SEGMENTS = {0xE0, 0xE2, 0xEE}
START_OF_SCAN = 0xDA


def jpeg_without_metadata(data):
    """`data` (a JPEG Pillow has verified) without its metadata segments; the compressed image
    itself is copied unchanged."""
    kept, position = [data[:2]], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segment = data[position : position + 2 + length]
        if marker == START_OF_SCAN:
            kept.append(data[position:])
            return b"".join(kept)
        metadata = (0xE0 <= marker <= 0xEF and marker not in KEPT_APPLICATION_SEGMENTS) or (
            marker == 0xFE
        )
        if not metadata:
            kept.append(segment)
        position += 2 + length
    raise ValueError(_("The file is not an image that can be opened."))


# PNG chunks that only describe the picture: EXIF (a phone's screenshot or an exported photo may
# carry its position), text (XMP, comments, authors) and the time it was made.
PNG_METADATA_CHUNKS = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_without_metadata(data):
    """`data` (a PNG Pillow has verified) without its metadata chunks, the others unchanged."""
    kept, position = [PNG_SIGNATURE], len(PNG_SIGNATURE)
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if kind not in PNG_METADATA_CHUNKS:
            kept.append(data[position:end])
        position = end
        if kind == b"IEND":
            return b"".join(kept)
    raise ValueError(_("The file is not an image that can be opened."))


WEBP_METADATA_CHUNKS = {b"EXIF", b"XMP "}
# The VP8X header's flags saying EXIF and XMP chunks follow.
WEBP_METADATA_FLAGS = 0x08 | 0x04


def webp_without_metadata(data):
    """`data` (a WebP Pillow has verified) without its EXIF and XMP chunks, the others unchanged
    but for the extended header's flags that announced them."""
    kept, position = [], 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        chunk = data[position : position + 8 + length + (length & 1)]
        if kind == b"VP8X":
            flags = chunk[8] & ~WEBP_METADATA_FLAGS
            chunk = chunk[:8] + bytes([flags]) + chunk[9:]
        if kind not in WEBP_METADATA_CHUNKS:
            kept.append(chunk)
        position += 8 + length + (length & 1)
    body = b"WEBP" + b"".join(kept)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


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
