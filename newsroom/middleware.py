"""The Content-Security-Policy, relaxed only where CKEditor 4 runs, and the upload guard."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.uploads import declared_length, sends_a_path

# Three times the largest image, so an editor's oversized photo still reaches the form, which
# refuses it with a message beside the field and keeps what was typed. Anything larger is no
# upload this site takes, and is refused before a byte of it is read.
MAX_REQUEST_BYTES = 32 * 1024 * 1024

# CKEditor 4 builds its toolbar with inline event handlers (onclick="CKEDITOR.tools.callFunction")
# and positions everything with inline styles; its image upload answers with an inline script in
# a hidden frame. None of it runs under script-src 'self', so staff pages allow inline code. They
# never show readers' content unsanitized, and only logged-in staff reach them.
STAFF_PAGE_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}
CKEDITOR_PREFIX = "/ckeditor/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        path = request.path_info
        if path.startswith(("/" + settings.ADMIN_URL, CKEDITOR_PREFIX)):
            relaxed = dict(STAFF_PAGE_DIRECTIVES)
            if path.startswith(CKEDITOR_PREFIX):
                # The upload's answer is shown in a hidden frame of the editor's own page.
                relaxed["frame-ancestors"] = [SELF]
            parts.replace = {**relaxed, **(parts.replace or {})}
        return parts


class UploadGuardMiddleware:
    """Refuses, before any form is parsed, a request larger than any upload, and an admin upload
    whose file name names a folder (`../x.png`), which Django would otherwise strip silently.

    It runs before CsrfViewMiddleware, which parses the form. CKEditor's upload view makes the
    same checks itself and answers in the format CKEditor shows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and not request.path_info.startswith(CKEDITOR_PREFIX):
            if declared_length(request) > MAX_REQUEST_BYTES:
                return _refusal(_("The upload is larger than 32 MB, far beyond any image."), 413)
            # A larger request holds a file over the 10 MB limit, which the form refuses anyway;
            # reading it whole to check its name would hold it all in memory.
            if (
                request.content_type == "multipart/form-data"
                and request.path_info.startswith("/" + settings.ADMIN_URL)
                and declared_length(request) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
                and sends_a_path(request)
            ):
                return _refusal(_("The file name must not contain a folder or “../”."), 400)
        return self.get_response(request)


def _refusal(message, status):
    page = format_html(
        '<!DOCTYPE html><html lang="{}"><meta charset="utf-8"><title>{}</title>'
        "<main><h1>{}</h1><p>{}</p></main></html>",
        get_language(),
        message,
        message,
        _("Nothing was saved. Go back, choose another file and save again."),
    )
    return HttpResponse(page, status=status)
