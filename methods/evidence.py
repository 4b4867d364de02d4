"""The project's own evidence scale, its labels and definitions, and the registries whose ratings we record."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class EvidenceLevel(models.IntegerChoices):
    """Stored as an integer so that "at least level N" and "strongest first" are plain comparisons."""

    NOT_RATED = 0, _("Not rated")
    DESCRIBED = 1, _("Described and theoretically grounded")
    SOME_RESEARCH = 2, _("Some research")
    SOME_EVIDENCE = 3, _("Some evidence of effectiveness")
    GOOD_EVIDENCE = 4, _("Good evidence of effectiveness")
    STRONG_EVIDENCE = 5, _("Strong evidence of effectiveness")


@dataclass(frozen=True)
class LevelDefinition:
    level: int
    code: str
    label: Promise
    definition: Promise


DEFINITIONS = {
    5: _(
        "Several high-quality controlled studies, at least one of them carried out independently "
        "of the developers, show lasting positive effects."
    ),
    4: _(
        "At least one high-quality randomised controlled trial, or several good controlled "
        "studies, shows positive effects."
    ),
    3: _(
        "Controlled or well-designed before-and-after studies show positive results, but the "
        "evidence is still limited."
    ),
    2: _(
        "The method has been studied, for example in follow-up or qualitative studies, but its "
        "effectiveness has not been shown with a controlled design."
    ),
    1: _(
        "The method is described in enough detail to be delivered consistently and rests on "
        "an explicit theoretical basis, but it has not been studied."
    ),
    0: _(
        "The evidence has not been assessed yet, or the entry is a service model that is not rated."
    ),
}


def level_code(level: int) -> str:
    """The public code of a level: "5" … "1", or "NR" for not rated."""
    return "NR" if level == EvidenceLevel.NOT_RATED else str(level)


def level_from_code(code: str) -> int:
    """Inverse of level_code(); raises ValueError for anything else."""
    if code == "NR":
        return EvidenceLevel.NOT_RATED
    if code in {"1", "2", "3", "4", "5"}:
        return int(code)
    raise ValueError(code)


def scale() -> list[LevelDefinition]:
    """The whole scale, strongest first."""
    return [
        LevelDefinition(level, level_code(level), EvidenceLevel(level).label, DEFINITIONS[level])
        for level in (5, 4, 3, 2, 1, 0)
    ]


class Registry(models.TextChoices):
    CEBC = "cebc", "CEBC (California Evidence-Based Clearinghouse for Child Welfare)"
    BLUEPRINTS = "blueprints", "Blueprints for Healthy Youth Development"
    FOUNDATIONS = "foundations", "Foundations Guidebook"
    TITLE_IV_E = "title-iv-e", "Title IV-E Prevention Services Clearinghouse"
    ITLA = "itla", "Itla Menetelmäpankki / Kasvun tuki"
    OTHER = "other", _("Other registry")


# --- Studies and the scale's criteria ------------------------------------------------------------


class StudyDesign(models.TextChoices):
    RCT = "rct", _("Randomised controlled trial")
    QUASI_EXPERIMENTAL = "quasi-experimental", _("Quasi-experimental study")
    PRE_POST = "pre-post", _("Pre-post study without a control group")
    QUALITATIVE = "qualitative", _("Qualitative study")
    REVIEW = "review", _("Systematic review or meta-analysis")


class EffectDirection(models.TextChoices):
    IMPROVED = "improved", _("Improved")
    NO_DIFFERENCE = "no-difference", _("No difference")
    WORSE = "worse", _("Worse")


class EffectKind(models.TextChoices):
    COHENS_D = "cohens-d", _("Cohen's d")
    HEDGES_G = "hedges-g", _("Hedges' g")
    SMD = "smd", _("Standardised mean difference")
    ODDS_RATIO = "odds-ratio", _("Odds ratio")
    RISK_RATIO = "risk-ratio", _("Risk ratio")


CONTROLLED_DESIGNS = frozenset(
    {StudyDesign.RCT, StudyDesign.QUASI_EXPERIMENTAL, StudyDesign.REVIEW}
)
LASTING_MONTHS = 12

# What the listed studies must show for each level; the editor sees which are met, and a higher
# rating than the studies meet needs a written justification.
CRITERIA = {
    5: _(
        "At least two controlled studies (randomised, quasi-experimental, or a systematic review) "
        "with an improved outcome, at least one of them randomised and one carried out "
        "independently of the developers, and an improvement still found at least 12 months after "
        "the intervention ended."
    ),
    4: _(
        "At least one randomised controlled trial, or two other controlled studies, with an "
        "improved outcome."
    ),
    3: _("At least one controlled study, or a pre-post study, with an improved outcome."),
    2: _("At least one study of the method, of any design."),
    1: _("A description of the method and its theoretical basis; no study is needed."),
    0: _("No criteria: the evidence has not been assessed."),
}


@dataclass(frozen=True)
class StudyFacts:
    """What the criteria look at in one study."""

    design: str
    follow_up_months: int | None
    independent: bool | None
    outcomes: tuple[dict, ...]  # each with "direction" and "timepoint_months"

    @property
    def improved(self) -> bool:
        return any(
            outcome.get("direction") == EffectDirection.IMPROVED for outcome in self.outcomes
        )

    @property
    def lasting(self) -> bool:
        """An improvement measured at least 12 months after the end of the intervention."""
        return any(
            outcome.get("direction") == EffectDirection.IMPROVED
            and (outcome.get("timepoint_months") or 0) >= LASTING_MONTHS
            for outcome in self.outcomes
        )


def criteria_met(studies: list[StudyFacts]) -> dict[int, bool]:
    """{level: whether the studies meet its criteria} for levels 1–5."""
    improved_controlled = [s for s in studies if s.design in CONTROLLED_DESIGNS and s.improved]
    improved_rct = [s for s in improved_controlled if s.design == StudyDesign.RCT]
    return {
        5: len(improved_controlled) >= 2
        and bool(improved_rct)
        and any(s.independent for s in improved_controlled)
        and any(s.lasting for s in improved_controlled),
        4: bool(improved_rct) or len(improved_controlled) >= 2,
        3: bool(improved_controlled)
        or any(s.design == StudyDesign.PRE_POST and s.improved for s in studies),
        2: bool(studies),
        1: True,
    }


def supported_level(studies: list[StudyFacts]) -> int:
    """The highest level whose criteria the studies meet (1 when there are none)."""
    met = criteria_met(studies)
    return max(level for level, ok in met.items() if ok)
