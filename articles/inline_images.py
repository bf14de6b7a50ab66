"""Images pasted into a body as `data:` URLs, stored as library pictures like any upload.

CKEditor keeps a pasted or dropped image as a `data:` URL until its upload answers, and a body
typed in the source view or pasted from another page may carry them for good. Each one goes
through the upload rules (`articles.images`: real format, size, pixels, no EXIF or GPS) and
becomes a library picture, as the CKEditor upload view makes it; one that breaks a rule is
refused with the reason, and the body is not saved.
"""

import base64
import binascii
import hashlib
import html
import re
from urllib.parse import unquote_to_bytes

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _

from .images import MAX_UPLOAD_BYTES, prepared_upload
from .sanitize import IMAGE_TAG, clean_html_keeping_inline_images

# In the sanitizer's output every attribute value is quoted with `"` (see sanitize.IMAGE_TAG).
INLINE_SOURCE = re.compile(r'\ssrc="(data:[^"]*)"')
ALT_TEXT = re.compile(r'\salt="([^"]*)"')
# Base64 takes four characters for three bytes.
MAX_ENCODED_LENGTH = MAX_UPLOAD_BYTES * 4 // 3 + 4


def decoded(data_url):
    """The bytes of a `data:` URL, or ValueError with a message for the editor."""
    header, comma, payload = html.unescape(data_url).partition(",")
    if not comma:
        raise ValueError(_("The file is not an image that can be opened."))
    if len(payload) > MAX_ENCODED_LENGTH:
        raise ValueError(_("The file is larger than 10 MB."))
    if header.lower().endswith(";base64"):
        try:
            return base64.b64decode("".join(payload.split()), validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError(_("The file is not an image that can be opened.")) from exc
    return unquote_to_bytes(payload)


def stored_picture(data_url, user, title):
    """The library picture for one inline image, or ValueError with the rule it breaks."""
    from pictures.services import image_from_upload

    upload = SimpleUploadedFile("inline", decoded(data_url))
    return image_from_upload(prepared_upload(upload), user, title=title)


def with_inline_images_stored(body, user):
    """(body, refusals): the body (sanitized) with every inline image that passes the upload
    rules replaced by a library picture's URL, and a message for each one that does not (left
    in place, so the editor sees which). The same image pasted twice is stored once."""
    body = clean_html_keeping_inline_images(body)
    outcomes = {}  # one stored URL, or the refusal, per distinct image

    def swap(match):
        tag = match.group(0)
        source = INLINE_SOURCE.search(tag)
        if source is None:
            return tag
        key = hashlib.sha256(source.group(1).encode()).hexdigest()
        if key not in outcomes:
            alt = ALT_TEXT.search(tag)
            title = html.unescape(alt.group(1)) if alt and alt.group(1) else _("Pasted image")
            try:
                outcomes[key] = stored_picture(source.group(1), user, title).file.url
            except ValueError as exc:
                outcomes[key] = exc
        if isinstance(outcomes[key], ValueError):
            return tag
        return tag[: source.start(1)] + html.escape(outcomes[key]) + tag[source.end(1) :]

    body = IMAGE_TAG.sub(swap, body)
    return body, [str(outcome) for outcome in outcomes.values() if isinstance(outcome, ValueError)]
