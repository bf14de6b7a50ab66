"""CKEditor's body-image upload, admitting only real images."""

import json

from ckeditor_uploader import views as ckeditor_views
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Room for the multipart boundaries and the other form fields around the file.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
UPLOAD_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


def inspect_image(uploaded_file):
    """Return the file's real image suffix, or raise ValueError with a message for the editor."""
    from PIL import Image

    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValueError(_("The file is larger than 10 MB."))
    try:
        with Image.open(uploaded_file) as image:
            image_format = image.format
            image.verify()
    except Image.DecompressionBombError as exc:
        raise ValueError(_("The image is too large in pixels to be processed safely.")) from exc
    except Exception as exc:
        raise ValueError(_("The file is not an image that can be opened.")) from exc
    finally:
        uploaded_file.seek(0)
    if image_format not in UPLOAD_FORMATS:
        raise ValueError(_("Only JPEG, PNG, GIF and WebP images can be uploaded."))
    return UPLOAD_FORMATS[image_format]


def _refusal(request, message):
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num.isdigit():
        script = (
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{func_num}, '', {json.dumps(str(message))});</script>"
        )
        return HttpResponse(script, status=400)
    return JsonResponse({"uploaded": 0, "error": {"message": str(message)}}, status=400)


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


# CKEditor's upload forms cannot carry Django's CSRF token; they carry CKEditor's own, checked in
# _receive_upload (after the size check, since reading the token means reading the body).
@csrf_exempt
# CKEditor's quick-upload form posts into a hidden iframe of the editor's own page.
@xframe_options_sameorigin
@staff_member_required
@require_POST
def body_image_upload(request):
    """CKEditor's image upload, admitting only files that Pillow opens as a known image format.

    A body larger than the limit is refused before it is read: Django reads no more of a request
    than its Content-Length, so nothing of it reaches memory, a temporary file or MEDIA_ROOT.
    """
    origin = request.headers.get("Origin")
    if origin and origin != request.build_absolute_uri("/").rstrip("/"):
        return _refusal(request, _("Uploads are only accepted from this site."))
    if _declared_length(request) > MAX_REQUEST_BYTES:
        return _refusal(request, _("The file is larger than 10 MB."))
    return _receive_upload(request)


def _carries_ckeditor_token(request):
    """CKEditor's double-submit token: a random cookie it sets, repeated in the form it posts."""
    cookie = request.COOKIES.get("ckCsrfToken", "")
    return len(cookie) >= 32 and constant_time_compare(cookie, request.POST.get("ckCsrfToken", ""))


def _receive_upload(request):
    """The name the file is stored under comes from its real format, never from the name sent."""
    if not _carries_ckeditor_token(request):
        return _refusal(request, _("The upload form has expired; reload the page and try again."))
    uploaded_file = request.FILES.get("upload")
    if uploaded_file is None:
        return _refusal(request, _("No file was sent."))
    try:
        suffix = inspect_image(uploaded_file)
    except ValueError as exc:
        return _refusal(request, exc)
    uploaded_file.name = f"image{suffix}"
    return ckeditor_views.upload(request)
