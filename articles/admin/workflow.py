"""The editorial workflow in the article admin: who sees and edits what, transitions, bulk actions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from review import pending
from review.chains import could_publish_alone

from .. import permissions, revisions, workflow
from ..concurrency import StaleEdit, claim_version
from ..models import Article, Byline, Contributor, Transition
from ..models.article import validate_publish_time
from ..steps import STEPS
from .forms import revive_deleted_rows
from .refused import EditRefusedMixin
from .review import ReviewContextMixin

A = Transition.Action


class TransitionForm(forms.Form):
    note = forms.CharField(required=False)
    publish_at = forms.DateTimeField(required=False, validators=[validate_publish_time])


class WorkflowStateFilter(admin.SimpleListFilter):
    title = _("workflow state")
    parameter_name = "state"
    QUERYSETS = {
        "draft": ("drafts", _("draft")),
        "in_review": ("in_review", _("in review")),
        "scheduled": ("scheduled", _("scheduled")),
        "live": ("live", _("live")),
        "withdrawn": ("withdrawn", _("withdrawn")),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (_method, label) in self.QUERYSETS.items()]

    def queryset(self, request, queryset):
        if self.value() not in self.QUERYSETS:
            return queryset
        return getattr(queryset, self.QUERYSETS[self.value()][0])()


class EditableWithArticle:
    """An inline that may be changed exactly when its article may be."""

    def _article_editable(self, request, obj):
        return obj is None or permissions.can_edit(request.user, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and self._article_editable(request, obj)


class WorkflowAdminMixin(EditRefusedMixin, ReviewContextMixin):
    change_form_template = "admin/articles/article/change_form.html"
    actions = ("publish_selected", "withdraw_selected", "delete_selected")

    def get_queryset(self, request):
        return permissions.visible_articles(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.may_be_deleted())

    def has_publish_permission(self, request):
        return permissions.is_editor(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = (*super().get_readonly_fields(request, obj), "workflow_state")
        if not permissions.is_editor(request.user):
            fields += ("published_at", "responsible_editor")
        elif obj is not None and obj.has_been_published():
            # Once published, the time readers were shown changes only through a logged
            # transition (reschedule); a withdrawn article is republished at its own time.
            fields += ("published_at",)
        return fields

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        article = None
        if object_id is not None:
            article = self.get_object(request, unquote(object_id))
        lost = article is not None and self._lost_the_right_to_edit(request, article)
        if request.method == "POST" and lost:
            return self._edit_refused_view(request, article)
        args = (request, object_id, form_url, extra_context)
        try:
            return self._changeform_on_pending_text(article, *args)
        except StaleEdit:
            # Someone saved between this form's check and its UPDATE; everything was rolled back.
            # Shown again, the form now sees the newer version and explains the conflict.
            return self._changeform_on_pending_text(article, *args)

    def _changeform_on_pending_text(self, article, request, *args):
        """Edits of a published article wait for sign-off (unless they go live as a fast fix):
        the form shows and saves the pending text; readers keep the live one."""
        user = request.user
        saving = request.method == "POST"
        if article is None or not (
            permissions.has_pending_changes(article)
            or (saving and not permissions.edit_goes_live(user, article))
        ):
            return super().changeform_view(request, *args)
        with pending.overlay(article, user, lock=saving) as state:
            request.pending_overlay = state
            response = super().changeform_view(request, *args)
            if hasattr(response, "render"):
                response.render()
        if state.captured is not None:
            messages.info(
                request,
                _("Your changes wait for sign-off (签发); readers still see the live version."),
            )
        for action, data in state.after:
            self._carry_out(request, Article.objects.get(pk=article.pk), action, data)
        return response

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" not in kwargs or obj is None or obj.pk is None or inline.model is not Byline:
            return kwargs
        existing = Byline.objects.filter(article=obj).values_list("pk", flat=True)
        kwargs["data"], revived = revive_deleted_rows(
            kwargs["data"], prefix, existing, inline.max_num
        )
        named = [row.get("contributor", "") for row in revived if not row.get("DELETE")]
        contributors = Contributor.objects.in_bulk([int(pk) for pk in named if pk.isdigit()])
        for pk in named:
            person = contributors.get(int(pk)) if pk.isdigit() else None
            messages.warning(
                request,
                _(
                    "The byline of %(name)s was deleted by someone else after you opened this "
                    "article. Your row is kept as a new byline: delete it if it should go."
                )
                % {"name": person.name if person else "—"},
            )
        return kwargs

    def save_model(self, request, obj, form, change):
        if change:
            revisions.ensure_baseline(obj)
            claim_version(obj, form.cleaned_data["expected_version"])
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        revisions.record(obj, request.user, _stored_comment(entry, _("Added.")))
        self.report_words(request, obj)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        comment = _stored_comment(entry, _("Saved."))
        overlay = getattr(request, "pending_overlay", None)
        if overlay is not None:
            if message:  # a save that changed nothing leaves the pending changes as they are
                overlay.capture(obj, comment, entry.get_change_message())
            return entry
        if not message and request.POST.get("_workflow"):
            # A workflow button saves the form first; when that changed nothing, the step's own
            # revision (in the same transaction) is the only entry.
            return entry
        revisions.record(obj, request.user, comment)
        if obj.has_been_published() and message:
            workflow.log_fast_fix(obj, request.user, entry.get_change_message())
        self.report_words(request, obj)
        return entry

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user = request.user
        if obj is None:
            steps = [STEPS[A.SUBMIT]]
            if could_publish_alone(user):
                steps += [STEPS[A.PUBLISH], STEPS[A.SCHEDULE]]
            context.update(workflow_steps=steps if self.has_add_permission(request) else [])
        else:
            context.update(
                # Whoever finds an error page after saving sees here whether their save was kept.
                last_saved=revisions.history(obj).first(),
                workflow_steps=[
                    step
                    for step in STEPS.values()
                    if permissions.can_transition(user, obj, step.action)
                ],
                can_correct=permissions.can_correct(user, obj),
                transitions=obj.transitions.select_related("actor").prefetch_related(
                    "acknowledgements"
                ),
                corrections=obj.corrections.select_related("created_by"),
                article_state=obj.state_label(),
                **self.review_context(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            *self.revision_urls(f"{self.opts.app_label}_{self.opts.model_name}"),
            *super().get_urls(),
        ]

    def visible_article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404(_("No such article."))
        return article

    def response_add(self, request, obj, post_url_continue=None):
        """ "Save and submit" (or, for whoever may publish alone, "save and publish") on the add
        form: the new article is saved, then the step is taken on it."""
        action = request.POST.get("_workflow")
        if not action:
            return super().response_add(request, obj, post_url_continue)
        messages.success(request, _("Your changes were saved."))
        self._carry_out(request, obj, action, self._step_data(request, action))
        return redirect(self.change_url(obj))

    def response_change(self, request, obj):
        """A workflow button of the change page submits the whole form: what was typed is saved
        first, then the step is taken on what was saved, so no edit is lost by clicking it."""
        action = request.POST.get("_workflow")
        if not action:
            return super().response_change(request, obj)
        overlay = getattr(request, "pending_overlay", None)
        if overlay is not None:
            # Taken once the pending text is stored; a step the role never allows undoes the save.
            if action == "correct":
                allowed = permissions.is_signer(request.user, obj)
            else:
                allowed = action not in STEPS or permissions.may_attempt(request.user, obj, action)
            if not allowed:
                raise PermissionDenied(_("You may not do this to this article."))
            overlay.after.append((action, self._step_data(request, action)))
            return redirect(self.change_url(obj))
        messages.success(request, _("Your changes were saved."))
        self._carry_out(request, obj, action, self._step_data(request, action))
        return redirect(self.change_url(obj))

    def _step_data(self, request, action):
        return {
            "note": request.POST.get(f"_workflow_note_{action}", ""),
            "publish_at": request.POST.get(f"_workflow_publish_at_{action}", ""),
            "correction": request.POST.get("_workflow_correction", ""),
            "acknowledged": request.POST.getlist("_acknowledge"),
        }

    def _carry_out(self, request, article, action, data):
        if action == "correct":
            self._attach_correction(request, article, data["correction"])
            return
        if action not in STEPS:
            raise Http404(_("No such action."))
        form = TransitionForm(data)
        form.is_valid()
        try:
            workflow.perform(
                article,
                request.user,
                action,
                note=form.cleaned_data.get("note") or "",
                publish_at=form.cleaned_data.get("publish_at"),
                acknowledged=data.get("acknowledged", ()),
            )
        except workflow.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except workflow.TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _state_message(article, action))

    def _attach_correction(self, request, article, text):
        try:
            workflow.add_correction(article, request.user, text)
        except workflow.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except workflow.TransitionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The correction is attached."))

    def change_url(self, article):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return reverse(f"admin:{info}_change", args=[article.pk])

    @admin.action(description=_("Publish the selected articles now"), permissions=("publish",))
    def publish_selected(self, request, queryset):
        for article in queryset:
            action = A.REPUBLISH if article.status == Article.Status.WITHDRAWN else A.PUBLISH
            self._bulk_perform(request, article, action)

    @admin.action(description=_("Withdraw the selected articles"), permissions=("publish",))
    def withdraw_selected(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if "apply" not in request.POST or not reason:
            return TemplateResponse(
                request,
                "admin/articles/article/withdraw_reason.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "articles": queryset,
                    "action": "withdraw_selected",
                    "missing_reason": "apply" in request.POST,
                    "title": _("Withdraw articles"),
                },
            )
        for article in queryset:
            self._bulk_perform(request, article, A.WITHDRAW, note=reason)

    @admin.action(
        description=admin_actions.delete_selected.short_description, permissions=("delete",)
    )
    def delete_selected(self, request, queryset):
        published = queryset.ever_published().count()
        if published:
            messages.error(
                request,
                ngettext(
                    "%(count)d of the selected articles has been published: withdraw it instead. "
                    "Nothing was deleted.",
                    "%(count)d of the selected articles have been published: withdraw them "
                    "instead. Nothing was deleted.",
                    published,
                )
                % {"count": published},
            )
            return None
        return admin_actions.delete_selected(self, request, queryset)

    def _bulk_perform(self, request, article, action, note=""):
        try:
            workflow.perform(article, request.user, action, note=note)
        except workflow.TransitionRefused as refusal:
            messages.error(
                request,
                _("“%(article)s”: not done. %(reason)s")
                % {
                    "article": article,
                    "reason": refusal,
                },
            )
        else:
            messages.success(request, _state_message(article, action))


def _state_message(article, action):
    return _("“%(article)s”: %(action)s.") % {"article": article, "action": A(action).label}


def _stored_comment(entry, otherwise):
    """The log entry's change message as stored (JSON), which reversion's `Revision.get_comment()`
    translates into the language of whoever reads it."""
    return entry.change_message if entry.get_change_message() else str(otherwise)
