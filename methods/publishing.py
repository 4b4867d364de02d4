"""Rules an entry must meet before it is published or submitted for review."""

from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from .evidence import EvidenceLevel

PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


def publishing_problems(
    *, summary: str, target_group_count: int, evidence_level, reference_count: int
) -> dict[str, str]:
    """{field: message} for every rule the entry breaks; empty when it may be published.

    Takes plain values so that the admin form (unsaved data) and the importer (JSON) apply
    exactly the same rules.
    """
    problems = {}
    if not (summary or "").strip():
        problems["summary"] = _("A summary is required before publishing.")
    if target_group_count < 1:
        problems["target_groups"] = _("Choose at least one target group before publishing.")
    if evidence_level is None or evidence_level == "":
        problems["evidence_level"] = _(
            "Choose an evidence rating before publishing (“Not rated” is a rating)."
        )
    elif int(evidence_level) >= EvidenceLevel.DESCRIBED and reference_count < 1:
        problems["evidence_level"] = _(
            "A rating of 1 or higher needs at least one reference. Add a reference or choose "
            "“Not rated”."
        )
    return problems


class EntryPageForm(WagtailAdminPageForm):
    """Applies the publishing rules when the editor publishes or submits for review."""

    def clean(self):
        cleaned_data = super().clean()
        if not any(action in self.data for action in PUBLISHING_ACTIONS):
            return cleaned_data
        references = self.formsets.get("references")
        reference_count = 0
        if references is not None:
            reference_count = sum(
                1
                for form in references.forms
                if form.is_valid()
                and form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and form.cleaned_data.get("citation")
            )
        problems = publishing_problems(
            summary=cleaned_data.get("summary", ""),
            target_group_count=len(cleaned_data.get("target_groups") or []),
            evidence_level=cleaned_data.get("evidence_level"),
            reference_count=reference_count,
        )
        for field, message in problems.items():
            if field in self.fields:
                self.add_error(field, message)
            else:
                raise forms.ValidationError(message)
        self._check_quality(cleaned_data, references)
        return cleaned_data

    def _check_quality(self, cleaned_data, references) -> None:
        from .quality import RICH_TEXT_FIELDS, check_entry

        reference_values = []
        if references is not None:
            reference_values = [
                form.cleaned_data
                for form in references.forms
                if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
        report = check_entry(
            {name: cleaned_data.get(name, "") for name in RICH_TEXT_FIELDS},
            cleaned_data.get("body"),
            reference_values,
        )
        for field, messages in report.errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
