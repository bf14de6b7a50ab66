"""Autocomplete widgets that show a refused form again whatever was posted in them.

Django's autocomplete widgets look the posted values up to print the chosen names, so a value
that is no id (`abc`, `1\\x00`, a number past the column's range) fails the whole page with a
500 when the form is shown again with its error. These drop such values first."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


def valid_keys(field, values):
    """The values that could name a row of `field`'s model (the rest name none)."""
    target = field.remote_field.model._meta
    key = target.get_field(getattr(field.remote_field, "field_name", None) or target.pk.name)
    kept = []
    for value in values:
        try:
            key.run_validators(key.to_python(value))
        except (ValidationError, TypeError, ValueError):
            continue
        kept.append(value)
    return kept


class CheckedValues:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, valid_keys(self.field, value), attr)


class CheckedAutocompleteSelect(CheckedValues, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(CheckedValues, AutocompleteSelectMultiple):
    pass


class CheckedAutocompletes:
    """A model admin or inline whose `autocomplete_fields` use the checked widgets."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
