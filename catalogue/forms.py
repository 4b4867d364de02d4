"""The catalogue's filter form: turns GET parameters into a SearchRequest, naming what is wrong."""

from django import forms
from django.utils.translation import gettext_lazy as _

from methods.evidence import EvidenceLevel
from methods.models import AGE_LIMIT
from search.matching import MAX_QUERY_LENGTH
from search.service import SearchRequest

PAGE_SIZE = 20

# GET parameter → SearchRequest field, for the four facets
FACET_PARAMETERS = {
    "target_group": "target_groups",
    "service_area": "service_areas",
    "topic": "topics",
    "delivery_format": "delivery_formats",
}
FACET_LEGENDS = {
    "target_group": _("Target group"),
    "service_area": _("Service area"),
    "topic": _("Topic"),
    "delivery_format": _("Delivery format"),
}


class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_LENGTH)
    target_group = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    service_area = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    topic = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    delivery_format = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    age = forms.IntegerField(
        label=_("Age (years)"), required=False, min_value=0, max_value=AGE_LIMIT
    )
    evidence_min = forms.TypedChoiceField(
        label=_("Evidence rating at least"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any"))]
        + [(level, f"{level} – {EvidenceLevel(level).label}") for level in (5, 4, 3, 2, 1)],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[
            ("", _("Methods and service models")),
            ("method", _("Methods")),
            ("model", _("Service models")),
        ],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, data, *, labels: dict[str, dict[str, str]]):
        super().__init__(data)
        for parameter, facet in FACET_PARAMETERS.items():
            field = self.fields[parameter]
            field.label = FACET_LEGENDS[parameter]
            field.choices = list(labels[facet].items())

    def search_request(self, language: str) -> SearchRequest:
        """The request for the valid fields; a field with an error is left out, not guessed."""
        values = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        page = values.get("page") or 1
        return SearchRequest(
            language=language,
            query=values.get("q") or "",
            **{
                facet: tuple(values.get(parameter) or ())
                for parameter, facet in FACET_PARAMETERS.items()
            },
            age=values.get("age"),
            evidence_min=values.get("evidence_min"),
            kind=values.get("kind") or None,
            ordering="relevance",
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
