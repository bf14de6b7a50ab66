"""CKEditor's body-image upload, admitting only real images."""

import json
import logging
from pathlib import PurePath

from ckeditor_uploader import views as ckeditor_views
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from pictures.services import image_from_upload

from ..images import MAX_UPLOAD_BYTES, prepared_upload
from ..uploads import MEDIA_REFUSED, declared_length, sends_a_path

logger = logging.getLogger(__name__)

# Room for the multipart boundaries and the other form fields around the file.
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024


def _refusal(request, message):
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num.isdigit():
        script = (
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{func_num}, '', {json.dumps(str(message))});</script>"
        )
        return HttpResponse(script, status=400)
    return JsonResponse({"uploaded": 0, "error": {"message": str(message)}}, status=400)


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
    if not request.GET.get("CKEditorFuncNum", "0").isdigit():
        # ckeditor_uploader writes this parameter into the script it answers with.
        return _refusal(request, _("The upload form is malformed; reload the page and try again."))
    origin = request.headers.get("Origin")
    if origin and origin != request.build_absolute_uri("/").rstrip("/"):
        return _refusal(request, _("Uploads are only accepted from this site."))
    if declared_length(request) > MAX_REQUEST_BYTES:
        return _refusal(request, _("The file is larger than 10 MB."))
    return _receive_upload(request)


def _carries_ckeditor_token(request):
    """CKEditor's double-submit token: a random cookie it sets, repeated in the form it posts."""
    cookie = request.COOKIES.get("ckCsrfToken", "")
    return len(cookie) >= 32 and constant_time_compare(cookie, request.POST.get("ckCsrfToken", ""))


def _receive_upload(request):
    """The name the file is stored under comes from its real format, never from the name sent."""
    if sends_a_path(request):
        return _refusal(request, _("The file name must not contain a folder or “../”."))
    if not _carries_ckeditor_token(request):
        return _refusal(request, _("The upload form has expired; reload the page and try again."))
    uploaded_file = request.FILES.get("upload")
    if uploaded_file is None:
        return _refusal(request, _("No file was sent."))
    try:
        prepared = prepared_upload(uploaded_file)
    except ValueError as exc:
        return _refusal(request, exc)
    # Body images go into the picture library, with their renditions, like every other picture.
    try:
        with transaction.atomic():
            image = image_from_upload(
                prepared, request.user, title=PurePath(uploaded_file.name).stem
            )
    except OSError as error:
        # A full or read-only media folder: the storage removed what it wrote, the picture's
        # row is taken back, and CKEditor shows the message in its dialog.
        logger.error("Media folder refused a body image from %s: %s", request.user, error)
        return _refusal(request, MEDIA_REFUSED % {"reason": error.strerror or "OSError"})
    return _uploaded(request, image)


def _uploaded(request, image):
    """CKEditor's answer to a stored upload: a script for its upload dialog, JSON for a pasted
    or dropped image (the formats ckeditor_uploader answers with)."""
    url = image.file.url
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num:
        script = (
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{func_num}, {json.dumps(url)});</script>"
        )
        return HttpResponse(script)
    return JsonResponse({"url": url, "uploaded": "1", "fileName": PurePath(url).name})


@never_cache
@staff_member_required
def browse_uploaded_images(request):
    """CKEditor's image browser shows every upload, drafts' included: editors only."""
    if not request.user.has_perm("articles.publish_article"):
        raise PermissionDenied
    return ckeditor_views.browse(request)
