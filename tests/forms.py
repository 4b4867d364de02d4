"""Form data for an entry as the page editor posts it (shared by the editorial tests)."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from methods.evidence import EvidenceLevel
from methods.models import TargetGroup


def form_data(references=(), body=(), studies=(), **overrides):
    data = {
        "title": "Uusi menetelmä",
        "slug": "uusi-menetelma",
        "summary": "Lyhyt kuvaus.",
        "alternative_names": "",
        "aims": rich_text(""),
        "target_group_description": rich_text(""),
        "delivery_description": rich_text(""),
        "delivered_by": rich_text(""),
        "training": rich_text(""),
        "cost": rich_text(""),
        "evidence_rationale": rich_text(""),
        "body": streamfield(list(body)),
        "references": inline_formset(list(references)),
        "registry_ratings": inline_formset([]),
        "studies": inline_formset(list(studies)),
        "evidence_justification": "",
        "evidence_level": str(EvidenceLevel.NOT_RATED),
        "material_languages": "fi",
        "action-publish": "action-publish",
    }
    target_groups = overrides.pop(
        "target_groups", [TargetGroup.objects.filter(locale__language_code="fi").first().pk]
    )
    data.update(overrides)
    data = nested_form_data(data)
    data["target_groups"] = target_groups
    return data
