"""The byline rows of the article form."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from articles.autocomplete import CheckedAutocompletes

from ..models import Byline
from .inlines import BoundedRows
from .workflow import EditableWithArticle

# More rows than any article prints; a form claiming more is refused, not built.
MAX_BYLINES = 50


class BylineFormSet(BaseInlineFormSet):
    def clean(self):
        """A credit this form adds that the article already has in a row the form does not
        show (someone else added it after the form was opened) is the row's error, not the
        database's refusal."""
        super().clean()
        if self.instance.pk is None:
            return
        shown = {form.instance.pk for form in self.initial_forms}
        stored = {
            (byline.contributor_id, byline.role_id): byline
            for byline in Byline.objects.filter(article=self.instance)
            .exclude(pk__in=shown)
            .select_related("contributor", "role")
        }
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or form.errors:
                continue
            data = form.cleaned_data
            contributor, role = data.get("contributor"), data.get("role")
            if contributor is None or role is None:
                continue
            already = stored.get((contributor.pk, role.pk))
            if already is not None:
                form.add_error(
                    None,
                    _(
                        "%(role)s %(name)s is already credited on this article (added by "
                        "someone else after you opened it). Delete this row."
                    )
                    % {"role": role.label, "name": contributor.name},
                )


class BylineInline(CheckedAutocompletes, BoundedRows, EditableWithArticle, admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    extra = 1
    max_num = MAX_BYLINES
    fields = ("position", "role", "contributor")
    autocomplete_fields = ("contributor", "role")
    verbose_name = _("byline")
    verbose_name_plural = _("bylines (in the order they are printed)")
