"""The Content-Security-Policy: django-csp's strict policy, relaxed only where CKEditor 4 runs."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

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
