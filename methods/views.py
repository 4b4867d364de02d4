"""Admin views of the editorial workflow: the translation status of every entry and measure, the
review of reports from the field, and the page editor of entries."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages as admin_messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages import create as page_create
from wagtail.admin.views.pages import edit as page_edit
from wagtail.admin.viewsets.pages import PageViewSet

from .implementations import ImplementationReport, ReportStatus, approve_report, reject_report
from .models import EntryPage
from .translation_status import measure_statuses, source_entries, translation_statuses
from .vocabulary import language_codes, source_language

STATUS_FILTERS = {
    "missing": _("Missing"),
    "outdated": _("Out of date"),
    "draft": _("Not published"),
    "current": _("Up to date"),
}


def _matches(state, status: str) -> bool:
    if status == "missing":
        return not state.exists
    if status == "outdated":
        return state.up_to_date is False
    if status == "draft":
        return state.exists and not state.live
    if status == "current":
        return bool(state.up_to_date)
    return True


class TranslationStatusView(WagtailAdminTemplateMixin, TemplateView):
    """Every entry × every target language: exists, published, up to date (or since when not)."""

    template_name = "methods/admin/translation_status.html"
    page_title = _("Translation status")
    header_icon = "wagtail-localize-language"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        all_languages = [code for code in language_codes() if code != source_language()]
        language = self.request.GET.get("language", "")
        languages = [language] if language in all_languages else all_languages
        status = self.request.GET.get("status", "")
        if status not in STATUS_FILTERS:
            status = ""
        entries = list(source_entries())
        statuses = translation_statuses(entries, languages)
        rows = []
        for entry in entries:
            states = [statuses[entry.pk][code] for code in languages]
            if status and not any(_matches(state, status) for state in states):
                continue
            rows.append({"entry": entry, "states": states})
        measure_rows = []
        for measure, by_language in measure_statuses(languages):
            states = [by_language[code] for code in languages]
            if status and not any(_matches(state, status) for state in states):
                continue
            measure_rows.append({"measure": measure, "states": states})
        context.update(
            rows=rows,
            measure_rows=measure_rows,
            languages=languages,
            all_languages=all_languages,
            language=language,
            status=status,
            status_filters=STATUS_FILTERS,
        )
        return context


class ReportReviewView(WagtailAdminTemplateMixin, TemplateView):
    """One report from the field: its content, and approve (adds it to the entry) or reject."""

    template_name = "methods/admin/report_review.html"
    page_title = _("Report from the field")

    def dispatch(self, request, pk):
        self.report = get_object_or_404(ImplementationReport, pk=pk)
        if not request.user.has_perm("methods.change_implementationreport"):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def can_approve(self) -> bool:
        pages = self.report.entry_pages()
        return bool(pages) and all(
            page.permissions_for_user(self.request.user).can_publish() for page in pages
        )

    def get_context_data(self, **kwargs):
        pages = self.report.entry_pages()
        return {
            **super().get_context_data(**kwargs),
            "report": self.report,
            "entry": pages[0] if pages else None,
            "can_approve": self.can_approve(),
            "pending": self.report.review_status == ReportStatus.PENDING,
        }

    def post(self, request, pk):
        report = self.report
        action = request.POST.get("action")
        if report.review_status != ReportStatus.PENDING:
            messages.error(request, _("This report has already been reviewed."))
        elif action == "reject":
            reject_report(report, request.user)
            messages.success(request, _("The report was rejected; nothing was published."))
        elif action == "approve":
            if not self.can_approve():
                raise PermissionDenied
            try:
                result = approve_report(report, request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("methods_report_review", pk=report.pk)
            if result.published:
                messages.success(
                    request,
                    _("Added to the entry and published in: %(languages)s.")
                    % {"languages": ", ".join(p.locale.language_code for p in result.published)},
                )
            if result.drafts:
                messages.warning(
                    request,
                    _(
                        "Added to the draft in: %(languages)s. Those pages have unpublished "
                        "changes of their own: publish them to show it."
                    )
                    % {"languages": ", ".join(p.locale.language_code for p in result.drafts)},
                )
        return redirect("methods_report_review", pk=report.pk)


# --- The page editor of entries: what a stopped publish says ------------------------------------

# After a publish that the publishing rules stop (methods/publishing.py), Wagtail autosaves the
# editor's changes as a draft and its header says "Saved"; its banner would say that the page
# could not be saved (or created). The banner names what failed instead.
FAILED_ACTIONS = {
    "action-publish": _("The page could not be published due to validation errors."),
    "action-submit": _("The page could not be submitted for review due to validation errors."),
}


class _NamesTheFailedAction:
    def form_invalid(self, form):
        action = next((name for name in FAILED_ACTIONS if name in self.request.POST), None)
        if (
            action is None
            or self.expects_json_response
            or getattr(self, "locked_for_user", False)
            or getattr(self, "is_cancelling_workflow", False)
        ):
            return super().form_invalid(form)
        admin_messages.validation_error(self.request, FAILED_ACTIONS[action], form)
        self.has_unsaved_changes = True
        return self.render_to_response(self.get_context_data())


class EntryEditView(_NamesTheFailedAction, page_edit.EditView):
    pass


class EntryCreateView(_NamesTheFailedAction, page_create.CreateView):
    pass


class EntryPageViewSet(PageViewSet):
    """The editor of methods and models; the explorer's listing stays Wagtail's."""

    model = EntryPage
    parent_models = []
    edit_view_class = EntryEditView
    add_view_class = EntryCreateView
