"""Regions: the wellbeing services counties, the City of Helsinki and Åland (reference data).

The rows come from Statistics Finland's classification (CC BY 4.0), shipped in
`methods/data/wellbeing-services-counties.csv` and loaded by a migration.
"""

import csv
from pathlib import Path

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "wellbeing-services-counties.csv"
REGIONS_CREDIT = _(
    "Regions: Statistics Finland, classification of wellbeing services counties (CC BY 4.0)"
)


class LanguageStatus(models.TextChoices):
    FINNISH = "fi", _("Finnish-speaking")
    BILINGUAL = "fi-sv", _("bilingual (Finnish and Swedish)")
    SWEDISH = "sv", _("Swedish-speaking")


class Region(models.Model):
    """A wellbeing services county, the City of Helsinki or Åland, by Statistics Finland's code."""

    code = models.CharField(max_length=2, unique=True, verbose_name=_("code"))
    name_fi = models.CharField(max_length=120, verbose_name=_("name in Finnish"))
    name_sv = models.CharField(max_length=120, verbose_name=_("name in Swedish"))
    name_en = models.CharField(max_length=120, verbose_name=_("name in English"))
    language_status = models.CharField(
        max_length=5, choices=LanguageStatus.choices, verbose_name=_("language status")
    )
    municipality_count = models.PositiveSmallIntegerField(verbose_name=_("municipalities"))
    bilingual_municipalities = models.TextField(
        blank=True,
        verbose_name=_("bilingual municipalities"),
        help_text=_("Finnish/Swedish names separated by semicolons; “sv-maj.”: Swedish majority."),
    )
    swedish_only_municipalities = models.TextField(
        blank=True, verbose_name=_("Swedish-only municipalities")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return f"{self.code} {self.name()}"

    def name(self, language: str | None = None) -> str:
        """The name in `language` (default: the active language), Finnish when there is none."""
        language = (language or translation.get_language() or "fi")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fi

    @property
    def is_bilingual(self) -> bool:
        """Must offer services in Finnish and Swedish (bilingual counties, Helsinki, Åland's Swedish)."""
        return self.language_status != LanguageStatus.FINNISH

    @property
    def bilingual_municipality_list(self) -> list[str]:
        return [name.strip() for name in self.bilingual_municipalities.split(";") if name.strip()]


def region_names(language: str) -> dict[str, str]:
    """{code: name in `language`} of every region, in code order."""
    return {region.code: region.name(language) for region in Region.objects.order_by("code")}


def region_rows(path: Path = REGIONS_FILE) -> list[dict]:
    """The regions file as field values for `Region`, in code order."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            if record["swedish_only_municipalities"].strip():
                status = LanguageStatus.SWEDISH
            elif record["bilingual_municipalities"].strip():
                status = LanguageStatus.BILINGUAL
            else:
                status = LanguageStatus.FINNISH
            rows.append(
                {
                    "code": record["code"],
                    "name_fi": record["name_fi"],
                    "name_sv": record["name_sv"],
                    "name_en": record["name_en"],
                    "language_status": str(status),
                    "municipality_count": int(record["n_municipalities"]),
                    "bilingual_municipalities": record["bilingual_municipalities"],
                    "swedish_only_municipalities": record["swedish_only_municipalities"],
                }
            )
    return sorted(rows, key=lambda row: row["code"])


def load_regions(region_model=Region) -> int:
    """Create or update every region from the file; returns how many rows changed."""
    changed = 0
    for row in region_rows():
        code = row.pop("code")
        region, created = region_model.objects.get_or_create(code=code, defaults=row)
        if created:
            changed += 1
            continue
        if any(getattr(region, name) != value for name, value in row.items()):
            for name, value in row.items():
                setattr(region, name, value)
            region.save()
            changed += 1
    return changed


# Where each region's square sits on the tile map of Finland: (column, row), west to east and north
# to south, roughly where the region lies. No boundaries are needed.
TILE_POSITIONS: dict[str, tuple[int, int]] = {
    "21": (3, 0),  # Lappi
    "19": (3, 1),  # Pohjois-Pohjanmaa
    "20": (4, 1),  # Kainuu
    "18": (2, 2),  # Keski-Pohjanmaa
    "13": (4, 2),  # Pohjois-Savo
    "14": (5, 2),  # Pohjois-Karjala
    "17": (1, 3),  # Pohjanmaa
    "16": (2, 3),  # Etelä-Pohjanmaa
    "15": (3, 3),  # Keski-Suomi
    "12": (4, 3),  # Etelä-Savo
    "06": (1, 4),  # Satakunta
    "08": (2, 4),  # Pirkanmaa
    "09": (3, 4),  # Päijät-Häme
    "10": (4, 4),  # Kymenlaakso
    "11": (5, 4),  # Etelä-Karjala
    "05": (1, 5),  # Varsinais-Suomi
    "07": (2, 5),  # Kanta-Häme
    "02": (3, 5),  # Keski-Uusimaa
    "01": (4, 5),  # Itä-Uusimaa
    "91": (0, 6),  # Ahvenanmaa
    "03": (2, 6),  # Länsi-Uusimaa
    "04": (3, 6),  # Vantaa ja Kerava
    "90": (3, 7),  # Helsinki
}
# Two or three letters on each square; the full name is the square's accessible name.
TILE_ABBREVIATIONS: dict[str, str] = {
    "01": "IU", "02": "KU", "03": "LU", "04": "VK", "05": "VS", "06": "SA", "07": "KH",
    "08": "PI", "09": "PH", "10": "KY", "11": "EK", "12": "ES", "13": "PS", "14": "PK",
    "15": "KS", "16": "EP", "17": "PO", "18": "KP", "19": "PP", "20": "KA", "21": "LA",
    "90": "HKI", "91": "AX",
}  # fmt: skip


def tile_order(code: str) -> tuple[int, int]:
    """Reading order of the squares (north to south, west to east), also for the keyboard."""
    column, row = TILE_POSITIONS[code]
    return (row, column)
