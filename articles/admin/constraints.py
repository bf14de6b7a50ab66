"""What the database refuses is a form error in the admin: the form comes back with what was
typed and a message, and nothing is saved."""

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("newsroom.admin")

REFUSED = _(
    "The database refused this save: something in it clashes with what is stored now (perhaps "
    "changed by someone else since you opened the form). Nothing was saved and everything you "
    "typed is still below; check the rows and save again."
)


class ConstraintErrorsAsFormErrors:
    """A model admin whose saves that break a database constraint (a race past the form's own
    checks, a tampered form) show the form again with an error instead of answering 500.

    The admin saves in one transaction, rolled back by the error; the form is then validated
    once more with the refusal as its error, so it is shown as typed."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except IntegrityError as error:
            if request.method != "POST" or getattr(request, "refused_by_database", False):
                raise
            logger.warning(
                "Refused by the database: %s %s: %s", request.method, request.path, error
            )
            request.refused_by_database = True
            return super().changeform_view(request, *args, **kwargs)

    def get_form(self, request, obj=None, *args, **kwargs):
        form = super().get_form(request, obj, *args, **kwargs)
        if not getattr(request, "refused_by_database", False):
            return form
        return type(form.__name__, (RefusedByDatabase, form), {})


class RefusedByDatabase(forms.BaseForm):
    def clean(self):
        super().clean()
        raise ValidationError(REFUSED, code="refused_by_database")
