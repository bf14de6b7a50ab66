"""What the database or the media folder refuses is a form error in the admin: the form comes
back with what was typed and a message, and nothing is saved."""

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

from ..uploads import MEDIA_REFUSED

logger = logging.getLogger("newsroom.admin")

REFUSED = _(
    "The file could not be stored: the media folder is full or not writable (%(reason)s). "
    "Nothing was saved and the rest of the form is kept; choose the file again once the "
    "folder has room, or tell the site's operator."
)
REFUSED = _(
    "The database refused this save: something in it clashes with what is stored now (perhaps "
    "changed by someone else since you opened the form). Nothing was saved and everything you "
    "typed is still below; check the rows and save again."
)


class RefusedSavesAsFormErrors:
    """A model admin whose saves that break a database constraint (a race past the form's own
    checks, a tampered form) or cannot write their file (a full or read-only media folder) show
    the form again with an error instead of answering 500.

    The admin saves in one transaction, rolled back by the error; the form is then validated
    once more with the refusal as its error, so it is shown as typed."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except IntegrityError as error:
            if request.method != "POST" or getattr(request, "refused_save", None):
                raise
            logger.warning(
                "Refused by the database: %s %s: %s", request.method, request.path, error
            )
            request.refused_save = ValidationError(REFUSED, code="refused_by_database")
        except OSError as error:
            # A file that could not be written (no room, a read-only folder): the storage
            # removed what it wrote and the transaction took back every row.
            if request.method != "POST" or not request.FILES:
                raise
            if getattr(request, "refused_save", None):
                raise
            logger.error("Media folder refused %s %s: %s", request.method, request.path, error)
            reason = error.strerror or error.__class__.__name__
            request.refused_save = ValidationError(
                MEDIA_REFUSED % {"reason": reason}, code="media_refused"
            )
            for upload in request.FILES.values():
                upload.seek(0)  # read once by the refused save
        return super().changeform_view(request, *args, **kwargs)

    def get_form(self, request, obj=None, *args, **kwargs):
        form = super().get_form(request, obj, *args, **kwargs)
        refusal = getattr(request, "refused_save", None)
        if refusal is None:
            return form
        return type(form.__name__, (RefusedSave, form), {"refusal": refusal})


class RefusedSave(forms.BaseForm):
    """The form shown again after its save was refused, with the refusal beside the file fields
    that were sent, or above the form."""

    refusal = None

    def clean(self):
        cleaned_data = super().clean()
        sent = [name for name in self.files if name in self.fields]
        if self.refusal.code == "media_refused" and sent:
            for name in sent:
                self.add_error(name, self.refusal)
            return cleaned_data
        raise self.refusal
