"""Rules an entry must meet before it is published or submitted for review."""

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import Panel

from .evidence import CRITERIA, EvidenceLevel, StudyFacts, criteria_met, supported_level

PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


def publishing_problems(
    *,
    summary: str,
    target_group_count: int,
    evidence_level,
    reference_count: int,
    rationale: str = "",
    studies: list[StudyFacts] = (),
    justification: str = "",
    last_reviewed=None,
    published_rating: tuple | None = None,
    evidence_rules: bool = True,
) -> dict[str, str]:
    """{field: message} for every rule the entry breaks; empty when it may be published.

    Takes plain values so that the admin form (unsaved data) and the importer (JSON) apply
    exactly the same rules. `published_rating` is (level, last reviewed) of the public version,
    when there is one. `evidence_rules` False leaves out the rules on the rationale, the studies
    and the review date (for files of a format that has no studies).
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
    if not evidence_rules:
        return problems
    if evidence_level not in (None, "") and int(evidence_level) >= EvidenceLevel.DESCRIBED:
        level = int(evidence_level)
        if not strip_tags(rationale or "").strip():
            problems["evidence_rationale"] = _(
                "A rating of 1 or higher needs a rationale: say which studies and criteria it "
                "rests on."
            )
        supported = supported_level(list(studies))
        if level > supported and not (justification or "").strip():
            problems["evidence_justification"] = _(
                "The listed studies meet the criteria of level {supported}, not {level}. Add the "
                "studies that support {level}, or justify the rating here."
            ).format(supported=supported, level=level)
    if published_rating is not None and evidence_level not in (None, ""):
        previous_level, previous_reviewed = published_rating
        if previous_level != int(evidence_level) and (
            last_reviewed is None or last_reviewed == previous_reviewed
        ):
            problems["evidence_last_reviewed"] = _(
                "The rating changed: give the date of this review."
            )
    return problems


def study_facts(design, follow_up_months, independent, outcomes) -> StudyFacts:
    return StudyFacts(
        design=design or "",
        follow_up_months=follow_up_months,
        independent=independent,
        outcomes=tuple(dict(outcome) for outcome in outcomes or ()),
    )


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
        studies = [
            study_facts(
                form.cleaned_data.get("design"),
                form.cleaned_data.get("follow_up_months"),
                form.cleaned_data.get("independent"),
                [block.value for block in form.cleaned_data.get("outcomes") or ()],
            )
            for form in self._live_forms("studies")
        ]
        problems = publishing_problems(
            summary=cleaned_data.get("summary", ""),
            target_group_count=len(cleaned_data.get("target_groups") or []),
            evidence_level=cleaned_data.get("evidence_level"),
            reference_count=reference_count + len(studies),
            rationale=cleaned_data.get("evidence_rationale", ""),
            studies=studies,
            justification=cleaned_data.get("evidence_justification", ""),
            last_reviewed=cleaned_data.get("evidence_last_reviewed"),
            published_rating=self._published_rating(),
        )
        for field, message in problems.items():
            if field in self.fields:
                self.add_error(field, message)
            else:
                raise forms.ValidationError(message)
        self._check_quality(cleaned_data, references)
        return cleaned_data

    def _live_forms(self, name: str) -> list:
        formset = self.formsets.get(name)
        if formset is None:
            return []
        return [
            form
            for form in formset.forms
            if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def _published_rating(self) -> tuple | None:
        """(level, last reviewed) of the public version, which a rating change must re-review."""
        if not self.instance.pk:
            return None
        row = (
            type(self.instance)
            .objects.filter(pk=self.instance.pk, live=True)
            .values_list("evidence_level", "evidence_last_reviewed")
            .first()
        )
        return tuple(row) if row else None

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


class EvidenceCriteriaPanel(Panel):
    """Beside the rating: the scale's criteria, and which of them the saved studies meet."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "methods/admin/evidence_criteria_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            studies = []
            if self.instance.pk:
                studies = [
                    study_facts(s.design, s.follow_up_months, s.independent, s.outcome_values)
                    for s in self.instance.studies.all()
                ]
            met = criteria_met(studies)
            context["criteria"] = [
                {"level": level, "text": CRITERIA[level], "met": met[level]}
                for level in (5, 4, 3, 2, 1)
            ]
            context["supported"] = supported_level(studies)
            context["study_count"] = len(studies)
            return context
