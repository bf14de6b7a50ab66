"""A request Django refuses before any view sees it: a form too large to read."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults


def bad_request(request, exception):
    """handler400. A form over DATA_UPLOAD_MAX_MEMORY_SIZE (a long body with pasted images) or
    with too many fields gets a page in the reader's language saying what was too large,
    where Django would answer a bare "Bad Request (400)"."""
    if isinstance(exception, RequestDataTooBig):
        message = _(
            "What you sent is %(size)s MB; a form can carry at most %(limit)s MB. Nothing was "
            "saved. A body with pasted images is the usual cause: go back (your browser keeps "
            "what you typed), take the pasted images out and add them with the image button, "
            "then save again."
        ) % {
            "size": _megabytes(_declared_length(request)),
            "limit": _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
        }
    elif isinstance(exception, TooManyFieldsSent):
        message = _(
            "The form has more than %(limit)d fields. Nothing was saved. Go back (your browser "
            "keeps what you typed), remove some rows and save again."
        ) % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    else:
        return defaults.bad_request(request, exception)
    context = {"title": _("The form was too large to save"), "message": message}
    if request.path_info.startswith("/" + settings.ADMIN_URL):
        context.update(admin.site.each_context(request))
        return render(request, "admin/request_too_large.html", context, status=413)
    return render(request, "request_too_large.html", context, status=413)


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")
