"""The catalogue's filter form: turns GET parameters into a SearchRequest, naming what is wrong."""

import functools

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from methods.evidence import EvidenceLevel
from methods.implementations import language_label, language_names
from methods.models import AGE_LIMIT
from methods.vocabulary import FACETS, Kind
from search.matching import MAX_QUERY_LENGTH
from search.service import SearchRequest

PAGE_SIZE = 20

# The search service's orderings, in the order the sort control offers them.
SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("title", _("Title")),
    ("-evidence", _("Strongest evidence")),
    ("-updated_at", _("Recently updated")),
]


class _Choices(BaseChoiceIterator):
    """Choices that are already (value, label) pairs. Django normalises a plain list of choices
    each time a field is given it, walking every pair (the form is made on every request)."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def __iter__(self):
        return iter(self.pairs)

    # never changed in place: the fields of every form may share them
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


@functools.cache
def _service_language_choices(active_language: str) -> _Choices:
    """Every ISO 639-1 language, named in the active language (some 180 look-ups: made once)."""
    return _Choices((code, language_label(code)) for code in sorted(language_names()))


class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_LENGTH)
    target_group = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    service_area = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    topic = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    delivery_format = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    outcome = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    measure_free = forms.BooleanField(label=_("With a free measure"), required=False)
    measure_language = forms.ChoiceField(
        label=_("With a measure in"),
        required=False,
        choices=_Choices([("", _("Any language")), *settings.LANGUAGES]),
    )
    age = forms.IntegerField(
        label=_("Age (years)"), required=False, min_value=0, max_value=AGE_LIMIT
    )
    evidence_min = forms.TypedChoiceField(
        label=_("Evidence rating at least"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_Choices(
            [("", _("Any"))]
            + [(level, f"{level} – {EvidenceLevel(level).label}") for level in (5, 4, 3, 2, 1)]
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=_Choices(
            [
                ("", _("Methods and service models")),
                (Kind.METHOD.value, _("Methods")),
                (Kind.MODEL.value, _("Service models")),
            ]
        ),
    )
    region = forms.ChoiceField(label=_("Where it is used"), required=False)
    service_language = forms.MultipleChoiceField(
        label=_("Language of the service"), required=False, widget=forms.CheckboxSelectMultiple
    )
    ordering = forms.ChoiceField(label=_("Sort by"), required=False, choices=_Choices(SORT_CHOICES))
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, data, *, labels: dict[str, dict[str, str]]):
        super().__init__(data)
        for facet in FACETS:
            field = self.fields[facet.parameter]
            field.label = facet.label
            field.choices = _Choices(labels[facet.field].items())
        # the regions' names come with the facet labels (api.serializers.facet_labels_for)
        self.fields["region"].choices = _Choices(
            [("", _("Anywhere in Finland")), *labels["regions"].items()]
        )
        self.fields["service_language"].choices = _service_language_choices(
            translation.get_language()
        )

    def search_request(self, language: str, *, record: bool = False) -> SearchRequest:
        """The request for the valid fields; a field with an error is left out, not guessed.

        `record`: count the search in the query log (a visitor's own search, not one refreshed as
        they type)."""
        values = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        page = values.get("page") or 1
        return SearchRequest(
            language=language,
            query=values.get("q") or "",
            **{facet.field: tuple(values.get(facet.parameter) or ()) for facet in FACETS},
            age=values.get("age"),
            evidence_min=values.get("evidence_min"),
            kind=values.get("kind") or None,
            regions=(values["region"],) if values.get("region") else (),
            service_languages=tuple(values.get("service_language") or ()),
            measure_free=bool(values.get("measure_free")),
            measure_language=values.get("measure_language") or None,
            ordering=values.get("ordering") or "relevance",
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
            record=record,
        )
