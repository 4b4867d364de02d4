"""Admin views of the editorial workflow: the translation status of every entry and measure."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

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
