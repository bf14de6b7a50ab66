"""A writer whose draft moved on while their form was open: nothing saved, what they typed shown."""

import re

from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import CharField, TextField
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from .. import permissions
from ..models import BylineRole, Contributor


class EditRefusedMixin:
    def _lost_the_right_to_edit(self, request, article):
        """A writer whose draft was submitted (or published…) while their form was open."""
        return (
            self.has_view_permission(request, article)
            and not self.has_change_permission(request, article)
            and permissions.is_writer_of(request.user, article)
        )

    def _edit_refused_view(self, request, article):
        """Nothing is saved, but what was typed is shown so that it is not lost (409)."""
        # What the editing form offered, though the user may now only view the article.
        names = flatten_fieldsets(self.fieldsets)
        typed = []
        model_fields = {field.name: field for field in self.opts.get_fields()}
        for name in names:
            field = model_fields.get(name)
            if name != "new_tags" and not isinstance(field, CharField | TextField):
                continue
            value = request.POST.get(name, "")
            stored = getattr(article, name, "") if field is not None else ""
            if value:
                label = field.verbose_name if field is not None else _("new tags")
                typed.append({"label": label, "value": value, "changed": value != stored})
        typed += _typed_credits(request.POST, article)
        return TemplateResponse(
            request,
            "admin/articles/article/edit_refused.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": _("Your changes to “%(article)s” were not saved") % {"article": article},
                "state": article.state_label(),
                "moved": article.transitions.select_related("actor").first(),
                "typed": typed,
            },
            status=409,
        )


def _typed_credits(data, article):
    """The tags chosen and the byline rows of a refused form, as text to copy."""
    typed = []
    tag_ids = [pk for pk in data.getlist("tags") if pk.isdigit()]
    chosen = sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    if chosen:
        stored = sorted(article.tags.names())
        typed.append({"label": _("tags"), "value": "、".join(chosen), "changed": chosen != stored})
    rows = []
    for key in data:
        match = BYLINE_ROW.fullmatch(key)
        if match and not data.get(f"bylines-{match[1]}-DELETE"):
            rows.append((data[key], data.get(f"bylines-{match[1]}-role", "")))
    people = Contributor.objects.in_bulk([int(c) for c, _r in rows if c.isdigit()])
    roles = BylineRole.objects.in_bulk([int(r) for _c, r in rows if r.isdigit()])
    credits = [
        f"{roles[int(r)].name_zh} {people[int(c)].name}"
        for c, r in rows
        if c.isdigit() and r.isdigit() and int(c) in people and int(r) in roles
    ]
    if credits:
        bylines = article.bylines.select_related("role", "contributor")
        stored = [f"{b.role.name_zh} {b.contributor.name}" for b in bylines]
        value = "；".join(credits)
        typed.append({"label": _("bylines"), "value": value, "changed": credits != stored})
    return typed


BYLINE_ROW = re.compile(r"bylines-(\d+)-contributor")
