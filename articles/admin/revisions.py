"""Revision history, diff and restore pages for the article admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import permissions, revisions, workflow
from .review import wordcheck_marked


class RevisionsAdminMixin:
    def construct_change_message(self, request, form, formsets, add=False):
        """Name changed fields by their verbose names, as the catalogue knows them.

        Django stores form labels, capitalised ("Headline (主题)", "Summary"), which the catalogue
        does not hold or holds for something else (Django's "Summary" is 概览), so the log and the
        revision comments came out half English. The stored names are translated when shown.
        """
        message = super().construct_change_message(request, form, formsets, add)
        with translation.override(None):
            msgids = {
                capfirst(str(field.verbose_name)): str(field.verbose_name)
                for model in (self.model, *(inline.model for inline in self.inlines))
                for field in model._meta.get_fields()
                if getattr(field, "verbose_name", None)
            }
        for entry in message:
            for detail in entry.values():
                if "fields" in detail:
                    detail["fields"] = [msgids.get(label, label) for label in detail["fields"]]
        return message

    def revision_urls(self, info):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name=f"{info}_revisions",
            ),
            path(
                "<path:object_id>/revisions/diff/",
                view(self.revision_diff_view),
                name=f"{info}_revision_diff",
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/restore/",
                view(self.revision_restore_view),
                name=f"{info}_revision_restore",
            ),
        ]

    def _revision_page(self, request, article, template, **context):
        return TemplateResponse(
            request,
            f"admin/articles/article/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": _("Revisions of “%(article)s”") % {"article": article},
                **context,
            },
        )

    def revisions_view(self, request, object_id):
        article = self.visible_article_or_404(request, object_id)
        return self._revision_page(
            request,
            article,
            "revisions.html",
            versions=revisions.history(article),
            can_restore=permissions.can_edit(request.user, article),
        )

    def revision_diff_view(self, request, object_id):
        article = self.visible_article_or_404(request, object_id)
        history = revisions.history(article)
        try:
            old = history.get(pk=request.GET.get("old"))
            new = history.get(pk=request.GET.get("new"))
        except (history.model.DoesNotExist, ValueError, TypeError) as missing:
            raise Http404(_("Choose two revisions of this article.")) from missing
        if old.pk > new.pk:
            old, new = new, old
        return self._revision_page(
            request,
            article,
            "revision_diff.html",
            old=old,
            new=new,
            changes=wordcheck_marked(revisions.diff(old, new)),
        )

    def revision_restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.visible_article_or_404(request, object_id)
        version = get_object_or_404(revisions.history(article), pk=version_id)
        try:
            workflow.restore(article, request.user, version)
        except workflow.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from refusal
        except workflow.TransitionRefused as refusal:
            messages.error(request, str(refusal))
            info = f"{self.opts.app_label}_{self.opts.model_name}"
            return redirect(f"admin:{info}_revisions", article.pk)
        messages.success(request, _("The revision is restored; the article's history keeps both."))
        return redirect(self.change_url(article))
