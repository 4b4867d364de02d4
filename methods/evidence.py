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
