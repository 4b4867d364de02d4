"""The public form through which an organisation reports that it runs an entry (or has stopped).

Plain text only, a honeypot field for robots, the same rules as the editor's
form (the model's clean()); what is kept is
what the privacy note says: the fields below and the time of sending, no person's data.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .implementations import IMPLEMENTATION_FIELD_NAMES, ImplementationReport
from .models import ServiceArea
from .regions import Region
from .taxonomy import facet_labels
from .vocabulary import source_language

HTML_PATTERN = re.compile(r"<\s*[a-zA-Z/!?]|&#?\w+;")
# A field no person sees (hidden from view and from screen readers); robots fill it in.
HONEYPOT_FIELD = "homepage"
TEXT_FIELDS = ("organisation", "source", "description", "contact_url", "contact_email")


class ImplementationReportForm(forms.ModelForm):
    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ImplementationReport
        fields = list(IMPLEMENTATION_FIELD_NAMES)
        widgets = {"description": forms.Textarea(attrs={"rows": 3, "maxlength": 300})}

    def __init__(self, *args, locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.all()
        self.fields["region"].label_from_instance = lambda region: region.name()
        self.fields["region"].empty_label = _("– nationwide –")
        labels = facet_labels(locale)["service_areas"]
        self.fields["service_area"].queryset = ServiceArea.objects.filter(
            locale__language_code=source_language()
        )
        self.fields["service_area"].label_from_instance = lambda area: labels.get(
            area.code, area.name
        )
        self.fields["source"].help_text = _(
            "How you know: for example your service's web page or a decision."
        )
        self.fields["service_languages"].required = True
        for name in ("since_year", "end_year"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        for name in TEXT_FIELDS:
            value = cleaned.get(name) or ""
            if HTML_PATTERN.search(value):
                self.add_error(name, _("HTML is not accepted here: write plain text."))
        if not (cleaned.get("contact_url") or cleaned.get("contact_email")):
            self.add_error("contact_url", _("Give the service's web page or its shared mailbox."))
        return cleaned
