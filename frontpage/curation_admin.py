"""The curation screen: one per page, in the admin, for editors only."""

from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import modelformset_factory
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from articles.models import Article

from . import curation, pages, views
from .models import Page, SlotEntry

CURATE_PERMISSION = "frontpage.change_slotentry"
SEARCH_RESULTS = 20


class EntryForm(forms.ModelForm):
    article = forms.ModelChoiceField(
        queryset=Article.objects.all(), widget=forms.HiddenInput, label=_("article")
    )

    class Meta:
        model = SlotEntry
        fields = (
            "block",
            "article",
            "position",
            "title",
            "summary",
            "image",
            "starts_at",
            "ends_at",
        )
        widgets = {
            "position": forms.NumberInput(attrs={"class": "slot-position", "min": 0}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "image": forms.NumberInput(attrs={"class": "slot-image"}),
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = page.blocks.all()
        self.fields["block"].empty_label = None
        self.fields["block"].widget.attrs["class"] = "slot-block"
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d %H:%M",
            ]
        self.fields["image"].widget = forms.NumberInput(attrs={"class": "slot-image", "min": 1})


EntryFormSet = modelformset_factory(SlotEntry, form=EntryForm, extra=0, can_delete=True)


def may_curate(user):
    return user.is_active and user.is_staff and user.has_perm(CURATE_PERMISSION)


def curation_urls(model_admin):
    view = model_admin.admin_site.admin_view
    return [
        path("<int:page_id>/curate/", view(curate), name="frontpage_page_curate"),
        path("<int:page_id>/curate/search/", view(search), name="frontpage_page_search"),
        path("<int:page_id>/curate/preview/", view(preview), name="frontpage_page_preview"),
        path("<int:page_id>/curate/diff/", view(revision_diff), name="frontpage_page_diff"),
        path(
            "<int:page_id>/curate/restore/<int:version_id>/",
            view(restore),
            name="frontpage_page_restore",
        ),
    ]


def page_or_refuse(request, page_id):
    if not may_curate(request.user):
        raise PermissionDenied(_("Only editors run front pages."))
    return get_object_or_404(Page.objects.select_related("section", "topic"), pk=page_id)


def entries_of(page):
    return (
        SlotEntry.objects.filter(block__page=page)
        .select_related("article__section", "added_by", "block", "image")
        .order_by("block__position", "block", "position", "pk")
    )


def curate(request, page_id):
    page = page_or_refuse(request, page_id)
    conflict = None
    if request.method == "POST":
        formset = EntryFormSet(request.POST, queryset=entries_of(page), form_kwargs={"page": page})
        expected = int(request.POST.get("expected_version") or 0)
        if formset.is_valid():
            try:
                done = curation.save_arrangement(page, request.user, formset, expected)
            except curation.StaleArrangement:
                conflict = conflict_report(page, expected)
            else:
                messages.success(
                    request, _("Saved: %(done)s.") % {"done": "; ".join(done) or _("no change")}
                )
                return redirect(reverse("admin:frontpage_page_curate", args=[page.pk]))
        if conflict:
            page.refresh_from_db()
            formset = EntryFormSet(
                kept_edits(request.POST, page),
                queryset=entries_of(page),
                form_kwargs={"page": page},
            )
            formset.is_valid()
    else:
        formset = EntryFormSet(queryset=entries_of(page), form_kwargs={"page": page})
    return TemplateResponse(
        request, "admin/frontpage/curate.html", screen(request, page, formset, conflict)
    )


def kept_edits(data, page):
    """The posted arrangement again, as the base of the next save: rows whose entry someone else
    removed meanwhile come back as new rows, with what this editor typed."""
    data = data.copy()
    existing = set(SlotEntry.objects.filter(block__page=page).values_list("pk", flat=True))
    total = int(data.get("form-TOTAL_FORMS", 0))
    for n in range(total):
        key = f"form-{n}-id"
        if data.get(key) and int(data[key]) not in existing:
            data[key] = ""
    data["form-INITIAL_FORMS"] = str(sum(1 for n in range(total) if data.get(f"form-{n}-id")))
    return data


def conflict_report(page, opened_version):
    newer, base = curation.since(page, opened_version)
    return {
        "events": [
            {"by": v.revision.user, "at": v.revision.date_created, "did": v.revision.get_comment()}
            for v in newer
        ],
        "changes": curation.diff(base, newer[-1]) if base and newer else [],
    }


def screen(request, page, formset, conflict=None):
    rows = {}
    for form in formset.forms:
        block_id = form["block"].value()
        rows.setdefault(str(block_id), []).append(form)
    now_filled = filled_for(page)
    readers_see = {item.block.pk: item.slots for item in now_filled}
    versions = list(curation.history(page)[:15])
    return {
        **admin_context(request, page),
        "formset": formset,
        "blocks": [
            {
                "block": block,
                "forms": rows.get(str(block.pk), []),
                "now": readers_see.get(block.pk, []),
            }
            for block in page.blocks.all()
        ],
        "conflict": conflict,
        "versions": versions,
        "now": timezone.localtime(),
    }


def admin_context(request, page):
    from django.contrib import admin

    return {
        **admin.site.each_context(request),
        "opts": Page._meta,
        "original": page,
        "page": page,
        "title": _("Curate %(page)s") % {"page": page},
    }


def filled_for(page, at=None):
    if page.kind == Page.Kind.HOME:
        return pages.home_blocks(pages.active_roots(), at)
    if page.kind == Page.Kind.SECTION:
        return pages.section_blocks(page.section, at)
    return pages.topic_blocks(page.topic, at)


def search(request, page_id):
    page_or_refuse(request, page_id)
    term = request.GET.get("term", "").strip().replace("\x00", "")
    found = Article.objects.none()
    if term:
        condition = Q(headline__icontains=term) | Q(list_title__icontains=term)
        if term.isdigit() and len(term) < 19:
            condition |= Q(pk=int(term))
        found = (
            Article.objects.filter(condition)
            .exclude(status=Article.Status.WITHDRAWN)
            .select_related("section")
            .order_by(*Article._meta.ordering)[:SEARCH_RESULTS]
        )
    return JsonResponse(
        {
            "results": [
                {
                    "id": article.pk,
                    "title": article.headline,
                    "list_title": article.list_title,
                    "section": article.section.name,
                    "state": str(article.state_label()),
                    "live": article.is_public(),
                }
                for article in found
            ]
        }
    )


def preview(request, page_id):
    """The page as readers will see it at `at`, scheduled slot changes and articles applied."""
    page = page_or_refuse(request, page_id)
    try:
        at = timezone.make_aware(datetime.fromisoformat(request.GET.get("at", "")))
    except ValueError:
        at = timezone.now()
    if page.kind == Page.Kind.HOME:
        response = views.render_home(request, at, preview_of=at)
    elif page.kind == Page.Kind.SECTION:
        response = views.render_section(request, page.section, at, preview_of=at)
    else:
        response = views.render_topic(request, page.topic, at, preview_of=at)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def revision_diff(request, page_id):
    page = page_or_refuse(request, page_id)
    history = curation.history(page)
    try:
        new = history.get(pk=request.GET.get("version"))
    except (history.model.DoesNotExist, ValueError, TypeError) as missing:
        raise Http404(_("No such revision of this page.")) from missing
    old = history.filter(pk__lt=new.pk).first()
    return TemplateResponse(
        request,
        "admin/frontpage/revision_diff.html",
        {
            **admin_context(request, page),
            "old": old,
            "new": new,
            "changes": curation.diff(old, new) if old else [],
        },
    )


def restore(request, page_id, version_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = page_or_refuse(request, page_id)
    version = get_object_or_404(curation.history(page), pk=version_id)
    try:
        curation.restore(
            page, request.user, version, int(request.POST.get("expected_version") or 0)
        )
    except curation.StaleArrangement:
        messages.error(
            request, _("Someone changed the page meanwhile: look at it again before restoring.")
        )
    else:
        messages.success(request, _("The arrangement is restored; the history keeps both."))
    return redirect(reverse("admin:frontpage_page_curate", args=[page.pk]))
