"""An entry's studies as readers see them: labels in the reader's language, effects in words and
numbers, and the measures and outcome domains they name."""

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry
from django.conf import settings
from django.utils.translation import gettext as _

from .evidence import EffectDirection, EffectKind, StudyDesign
from .models import EntryPage, Measure, Study
from .visibility import publicly_visible


@cache
def _country_names(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def country_name(code: str, language: str) -> str:
    """ "FI" → "Suomi" / "Finland" / "Finland"; an unknown code is shown as it is."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return code
    return _country_names(language).gettext(country.name)


@dataclass(frozen=True)
class MeasureLabel:
    code: str
    abbreviation: str
    name: str


def measure_labels(language: str) -> dict[str, MeasureLabel]:
    """{code: label} of every measure in `language`, falling back to the source language."""
    labels: dict[str, MeasureLabel] = {}
    rows = Measure.objects.filter(
        locale__language_code__in=[language, settings.LANGUAGE_CODE]
    ).values_list("code", "abbreviation", "name", "locale__language_code")
    for code, abbreviation, name, row_language in rows:
        if row_language == language or code not in labels:
            labels[code] = MeasureLabel(code, abbreviation, name)
    return labels


def citation(study) -> str:
    """Authors (year). Title. Journal. — each part once, whichever are given."""
    parts = [f"{study.authors} ({study.year})" if study.authors else f"({study.year})"]
    if study.title:
        parts.append(study.title.rstrip("."))
    if study.journal:
        parts.append(study.journal.rstrip("."))
    return ". ".join(parts) + "."


def effect_text(outcome: dict) -> str:
    """ "Cohen's d 0.45 (95 % CI 0.10 to 0.80)", or "" when no effect size is reported."""
    size = outcome.get("effect_size")
    if size is None:
        return ""
    kind = outcome.get("effect_kind")
    text = f"{EffectKind(kind).label if kind else ''} {size:g}".strip()
    low, high = outcome.get("ci_low"), outcome.get("ci_high")
    if low is not None and high is not None:
        text += " " + _("(95 %% CI %(low)s to %(high)s)") % {"low": f"{low:g}", "high": f"{high:g}"}
    return text


def timepoint_text(months) -> str:
    if months is None:
        return ""
    if months == 0:
        return _("at the end")
    return _("%(months)s months after the end") % {"months": months}


def present_outcome(outcome: dict, domains: dict[str, str], measures: dict[str, MeasureLabel]):
    direction = outcome.get("direction") or ""
    measure = measures.get(outcome.get("measure") or "")
    return {
        "domain_code": outcome.get("domain"),
        "domain": domains.get(outcome.get("domain"), outcome.get("domain")),
        "measure": measure,
        "timepoint": timepoint_text(outcome.get("timepoint_months")),
        "direction": direction,
        "direction_label": EffectDirection(direction).label if direction else _("not recorded"),
        "effect": effect_text(outcome),
        "outcome": outcome,
    }


def present_studies(studies, language: str, domains: dict[str, str]) -> list[dict]:
    """Each study with its labels in `language`; `domains` is {code: label} of outcome domains."""
    measures = measure_labels(language)
    return [
        {
            "study": study,
            "citation": citation(study),
            "design": StudyDesign(study.design).label if study.design else "",
            "country": country_name(study.country, language),
            "outcomes": [present_outcome(o, domains, measures) for o in study.outcome_values],
        }
        for study in studies
    ]


def study_facts_of(studies) -> list:
    """What the scale's criteria look at, for saved or in-memory studies."""
    from .publishing import study_facts

    return [
        study_facts(s.design, s.follow_up_months, s.independent, s.outcome_values) for s in studies
    ]


def measure_use(entries) -> dict[str, list[int]]:
    """{measure code: [entry pk, …]} for the given entries' studies, entries in their order.

    `entries` is a queryset of entry pages (already restricted to what may be shown)."""
    order = {pk: position for position, pk in enumerate(entries.values_list("pk", flat=True))}
    used: dict[str, set[int]] = {}
    for study in Study.objects.filter(page_id__in=list(order)).only("page_id", "outcomes"):
        for outcome in study.outcome_values:
            if outcome.get("measure"):
                used.setdefault(outcome["measure"], set()).add(study.page_id)
    return {code: sorted(pks, key=order.__getitem__) for code, pks in used.items()}


@dataclass
class MeasureView:
    """A measure as one language shows it: facts from the source row, text from the translation,
    and the public entries in that language whose studies used it."""

    source: Measure
    text: Measure
    domains: list
    used_by: list


def measures_for(language: str, *, domains=(), code: str | None = None) -> list[MeasureView]:
    sources = Measure.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    if code is not None:
        sources = sources.filter(code=code)
    if domains:
        sources = sources.filter(domains__code__in=domains).distinct()
    sources = list(sources.prefetch_related("domains"))
    translated = {
        row.code: row
        for row in Measure.objects.filter(
            locale__language_code=language, code__in=[m.code for m in sources]
        )
    }
    entries = publicly_visible(EntryPage.objects.filter(locale__language_code=language)).order_by(
        "title"
    )
    used = measure_use(entries)
    pages = EntryPage.objects.in_bulk([pk for pks in used.values() for pk in pks])
    return [
        MeasureView(
            source=source,
            text=translated.get(source.code, source),
            domains=sorted(source.domains.all(), key=lambda d: (d.sort_order, d.code)),
            used_by=[pages[pk].specific for pk in used.get(source.code, [])],
        )
        for source in sources
    ]


def studies_text(page) -> str:
    """The searchable text of an entry's studies: citations, where, who, findings and the names of
    the measures used, in the entry's language."""
    studies = list(page.studies.all())
    if not studies:
        return ""
    measures = measure_labels(page.locale.language_code)
    lines = []
    for study in studies:
        lines += [citation(study), study.setting, study.participants, study.comparison]
        lines.append(study.findings)
        for outcome in study.outcome_values:
            measure = measures.get(outcome.get("measure") or "")
            if measure:
                lines.append(f"{measure.abbreviation} {measure.name}")
    return "\n".join(dict.fromkeys(line for line in lines if line))
