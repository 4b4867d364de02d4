"""A local evaluation kit for one method: the outcomes it aims to change, the measures to follow
each (free ones first, then those in the team's languages), when to measure, and what the studies
found, to compare local results against."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .evidence import LASTING_MONTHS
from .models import Measure
from .studies import present_studies
from .taxonomy import facet_labels
from .vocabulary import entry_facet_codes


@dataclass
class KitMeasure:
    measure: Measure  # the source row: facts
    text: Measure  # the row in the reader's language
    in_team_languages: bool


def evaluation_kit(page, team_languages: list[str]) -> dict:
    language = page.locale.language_code
    labels = facet_labels(page.locale)["outcome_domains"]
    studies = present_studies(page.studies.all(), language, labels)
    aims = entry_facet_codes([page.pk])[page.pk]["outcome_domains"]
    measured = [o["domain_code"] for s in studies for o in s["outcomes"]]
    domains = list(dict.fromkeys(aims or measured))
    sources = list(
        Measure.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE, domains__code__in=domains
        )
        .prefetch_related("domains")
        .distinct()
    )
    texts = {
        row.code: row
        for row in Measure.objects.filter(
            locale__language_code=language, code__in=[m.code for m in sources]
        )
    }
    outcomes = []
    for code in domains:
        measures = [
            KitMeasure(m, texts.get(m.code, m), bool(set(m.languages_list) & set(team_languages)))
            for m in sources
            if code in {d.code for d in m.domains.all()}
        ]
        measures.sort(
            key=lambda k: (
                {True: 0, None: 1, False: 2}[k.measure.free],
                not k.in_team_languages,
                k.measure.abbreviation,
            )
        )
        findings = [
            {"study": s, "outcome": o}
            for s in studies
            for o in s["outcomes"]
            if o["domain_code"] == code
        ]
        outcomes.append(
            {
                "code": code,
                "label": labels.get(code, code),
                "measures": measures,
                "findings": findings,
            }
        )
    follow_ups = [s["study"].follow_up_months for s in studies if s["study"].follow_up_months]
    follow_up = max(follow_ups, default=LASTING_MONTHS)
    return {
        "outcomes": outcomes,
        "team_languages": team_languages,
        "schedule": [
            _("Baseline: before the first session."),
            _("End: at the last session.")
            if not page.duration_weeks_max
            else _("End: at the last session, about %(weeks)s weeks after the start.")
            % {"weeks": page.duration_weeks_max},
            _("Follow-up: %(months)s months after the end.") % {"months": follow_up},
        ],
    }
