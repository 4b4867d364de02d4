"""Examples in the OpenAPI document: one for every answer and every error of every operation.

Each example is validated by the schema of the answer it illustrates when the document is built
(`examples_for`), so an example cannot drift from what the API sends.
"""

from django.conf import settings

from . import schemas

ENTRY_ID = "67e41f0e-bc3b-49fd-b8f4-03a22669f6dc"
MODEL_ID = "0b8f5a52-6a4e-4d0e-9a53-3c1f7e2d9a10"


def _site(path: str) -> str:
    return settings.SITE_URL + path


def _api(path: str) -> str:
    return settings.API_BASE_URL + path


def _summary() -> dict:
    return {
        "id": ENTRY_ID,
        "lang": "fi",
        "kind": "method",
        "slug": "lapset-puheeksi",
        "title": "Lapset puheeksi",
        "alternative_names": ["LP", "Let's Talk about Children"],
        "summary": "Vanhemman ja työntekijän keskustelu lapsen arjesta ja tuen tarpeista.",
        "age_min": 0,
        "age_max": 18,
        "target_groups": [{"code": "parents", "label": "Vanhemmat"}],
        "service_areas": [{"code": "family-centre", "label": "Perhekeskus"}],
        "topics": [{"code": "parental-mental-health", "label": "Vanhemman mielenterveys"}],
        "delivery_formats": [{"code": "individual", "label": "Yksilötapaaminen"}],
        "outcome_domains": [{"code": "child-wellbeing", "label": "Lapsen hyvinvointi"}],
        "evidence": {"level": "3", "label": "Jonkin verran näyttöä vaikuttavuudesta", "flags": []},
        "updated_at": "2025-01-31T12:00:00Z",
        "url": _site("/fi/menetelmat/lapset-puheeksi/"),
        "api_url": _api(f"/api/v1/methods/{ENTRY_ID}/?lang=fi"),
        "translations": [
            {
                "lang": "sv",
                "title": "Föra barnen på tal",
                "url": _site("/sv/metoder/fora-barnen-pa-tal/"),
                "api_url": _api(f"/api/v1/methods/{ENTRY_ID}/?lang=sv"),
                "up_to_date": True,
            }
        ],
    }


def _counted(code: str, label: str, count: int) -> dict:
    return {"code": code, "label": label, "count": count}


def _facets() -> dict:
    return {
        "target_groups": [_counted("parents", "Vanhemmat", 1)],
        "service_areas": [_counted("family-centre", "Perhekeskus", 1)],
        "topics": [_counted("parental-mental-health", "Vanhemman mielenterveys", 1)],
        "delivery_formats": [_counted("individual", "Yksilötapaaminen", 1)],
        "outcome_domains": [_counted("child-wellbeing", "Lapsen hyvinvointi", 1)],
        "kind": [_counted("method", "Menetelmä", 1), _counted("model", "Toimintamalli", 0)],
        "evidence_level": [_counted("3", "Jonkin verran näyttöä vaikuttavuudesta", 1)],
        "regions": [_counted("17", "Pohjanmaan hyvinvointialue", 1)],
        "service_languages": [_counted("fi", "suomi", 1), _counted("sv", "ruotsi", 1)],
    }


def _region_ref() -> dict:
    return {
        "code": "17",
        "name": "Pohjanmaan hyvinvointialue",
        "api_url": _api("/api/v1/regions/17/?lang=fi"),
    }


def _implementation() -> dict:
    return {
        "id": "c1f0a9e2-3b4d-4e5f-8a6b-7c8d9e0f1a2b",
        "operator_kind": "county",
        "operator_label": "Hyvinvointialue",
        "organisation": "Pohjanmaan hyvinvointialue",
        "region": _region_ref(),
        "service_area": {"code": "family-centre", "label": "Perhekeskus"},
        "status": "in-use",
        "status_label": "Käytössä",
        "since_year": 2021,
        "end_year": None,
        "service_languages": ["fi", "sv"],
        "contact_url": "https://example.org/perhekeskus",
        "contact_email": "",
        "source": "Hyvinvointialueen palvelukuvaus",
        "last_confirmed": "2025-01-15",
        "description": "Perhekeskuksen työntekijät käyvät keskustelun suomeksi ja ruotsiksi.",
    }


def _region() -> dict:
    return {
        "code": "17",
        "name": "Pohjanmaan hyvinvointialue",
        "names": {
            "fi": "Pohjanmaan hyvinvointialue",
            "sv": "Österbottens välfärdsområde",
            "en": "Ostrobothnia Wellbeing Services County",
        },
        "language_status": "fi-sv",
        "municipality_count": 14,
        "entries_in_use": 1,
        "entries_in_swedish": 1,
        "url": _site("/fi/menetelmat/regions/17/"),
        "api_url": _api("/api/v1/regions/17/?lang=fi"),
    }


REGION_CREDIT = (
    "Regions: Statistics Finland, classification of wellbeing services counties (CC BY 4.0)"
)


def _detail() -> dict:
    summary = _summary()
    return {
        **summary,
        "evidence": {
            **summary["evidence"],
            "definition": "Vähintään yksi vertaileva tutkimus, jossa myönteisiä vaikutuksia.",
            "criteria": "Vähintään yksi vertaileva tutkimus, jossa myönteinen vaikutus.",
            "supported_level": "3",
            "justification": "",
            "rationale": "<p>Suomalainen seurantatutkimus ja kansainväliset kokeet.</p>",
            "last_reviewed": "2024-11-15",
            "rating_history": [
                {
                    "previous_level": "2",
                    "new_level": "3",
                    "changed_at": "2024-11-15T09:30:00Z",
                    "rationale": "<p>Uusi vertaileva tutkimus.</p>",
                }
            ],
        },
        "first_published_at": "2023-05-02T08:00:00Z",
        "aims": "<p>Tukea lapsen arkea ja vanhemmuutta.</p>",
        "target_group_description": "<p>Perheet, joissa vanhemmalla on huolia.</p>",
        "delivery": {
            "sessions_min": 2,
            "sessions_max": 2,
            "session_length_minutes": 60,
            "duration_weeks_min": 2,
            "duration_weeks_max": 6,
            "description": "<p>Kaksi tapaamista.</p>",
        },
        "delivered_by": "<p>Koulutettu työntekijä.</p>",
        "training": "<p>Kahden päivän koulutus.</p>",
        "training_available_in_finland": True,
        "material_languages": ["fi", "sv", "en"],
        "cost": "<p>Koulutus on maksullinen.</p>",
        "licence": "",
        "owner_organisation": "Mieli ry",
        "owner_website": "https://mieli.fi/",
        "contact_email": "",
        "body": [
            {"type": "heading", "id": "3f1c", "value": {"text": "Miten se toimii"}},
            {
                "type": "paragraph",
                "id": "8a2d",
                "value": {
                    "html": f'<p>Katso myös <a href="{_site("/fi/menetelmat/perhekeskus/")}" '
                    f'data-api-url="{_api(f"/api/v1/methods/{MODEL_ID}/?lang=fi")}">'
                    "Perhekeskus</a>.</p>"
                },
            },
        ],
        "uses_methods": [],
        "used_by_models": [
            {
                "id": MODEL_ID,
                "kind": "model",
                "slug": "perhekeskus",
                "title": "Perhekeskus",
                "url": _site("/fi/menetelmat/perhekeskus/"),
                "api_url": _api(f"/api/v1/methods/{MODEL_ID}/?lang=fi"),
            }
        ],
        "references": [
            {
                "citation": "Solantaus T. et al. Preventive interventions in families with "
                "parental depression. 2010.",
                "year": 2010,
                "doi": "",
                "url": "",
            }
        ],
        "studies": [
            {
                "id": "5d6c2b1e-7f7a-4c8e-9b1d-2a3e4f5a6b7c",
                "citation": "Solantaus T. et al. 2010.",
                "authors": "Solantaus T., Paavonen E. J., Toikka S., Punamäki R.-L.",
                "year": 2010,
                "title": "Preventive interventions in families with parental depression",
                "journal": "European Child & Adolescent Psychiatry",
                "doi": "",
                "url": "",
                "design": {"code": "rct", "label": "Satunnaistettu kontrolloitu tutkimus"},
                "country": {"code": "FI", "label": "Suomi"},
                "setting": "Aikuispsykiatria",
                "sample_size": 109,
                "participants": "Perheet, joissa vanhemmalla on masennus.",
                "comparison": "Perheinterventio",
                "follow_up_months": 18,
                "independent": False,
                "findings": "Lasten oireet vähenivät molemmissa ryhmissä.",
                "outcomes": [
                    {
                        "domain": {"code": "child-wellbeing", "label": "Lapsen hyvinvointi"},
                        "measure": {
                            "code": "sdq",
                            "abbreviation": "SDQ",
                            "name": "Vahvuudet ja vaikeudet -kysely",
                            "api_url": _api("/api/v1/measures/sdq/?lang=fi"),
                        },
                        "timepoint_months": 18,
                        "direction": {"code": "improved", "label": "Parani"},
                        "effect_size": 0.3,
                        "effect_kind": {"code": "cohens-d", "label": "Cohenin d"},
                        "ci_low": 0.05,
                        "ci_high": 0.55,
                    }
                ],
            }
        ],
        "implementations": [_implementation()],
        "not_known_in_finland": False,
        "registry_ratings": [
            {
                "registry": "itla",
                "registry_name": "Itla",
                "label": "Lupaava",
                "rated_on": "2023-03-01",
                "url": "",
            }
        ],
    }


def _measure() -> dict:
    return {
        "code": "sdq",
        "lang": "fi",
        "abbreviation": "SDQ",
        "name": "Vahvuudet ja vaikeudet -kysely",
        "description": "Lapsen vahvuudet ja vaikeudet viidellä osa-alueella.",
        "domains": [{"code": "child-wellbeing", "label": "Lapsen hyvinvointi"}],
        "respondents": "Vanhempi, opettaja tai nuori itse",
        "age_min": 2,
        "age_max": 17,
        "item_count": 25,
        "minutes": 10,
        "languages": ["fi", "sv", "en"],
        "free": True,
        "licence": "Maksuton ei-kaupalliseen käyttöön.",
        "url": "https://www.sdqinfo.org/",
        "references": ["Goodman R. 1997."],
        "url_on_site": None,
        "api_url": _api("/api/v1/measures/sdq/?lang=fi"),
        "used_by": [],
    }


def _change(sequence: int, event: str) -> dict:
    published = event == "publish"
    return {
        "sequence": sequence,
        "event": event,
        "id": ENTRY_ID,
        "lang": "fi",
        "kind": "method",
        "slug": "lapset-puheeksi",
        "title": "Lapset puheeksi",
        "occurred_at": "2025-01-31T12:00:00Z",
        "url": _site("/fi/menetelmat/lapset-puheeksi/") if published else None,
        "api_url": _api(f"/api/v1/methods/{ENTRY_ID}/?lang=fi") if published else None,
    }


def _answers() -> dict[str, dict]:
    """{operation id: {summary: body}} of the 200 answers."""
    entry_list = {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [_summary()],
        "facets": _facets(),
        "synonyms": [],
        "did_you_mean": None,
        "browse": None,
    }
    values = [{"code": "parents", "label": "Parents"}]
    return {
        "listEntries": (schemas.EntryList, entry_list),
        "getEntry": (schemas.EntryDetail, _detail()),
        "getPreview": (schemas.EntryPreview, {**_detail(), "preview": True, "live": False}),
        "listTaxonomies": (
            schemas.Taxonomies,
            {
                "lang": "en",
                "facets": [
                    {
                        "name": "target_groups",
                        "parameter": "target_group",
                        "label": "Target groups",
                        "values": values,
                    }
                ],
            },
        ),
        "listEvidenceLevels": (
            schemas.EvidenceLevels,
            {
                "lang": "en",
                "levels": [
                    {
                        "code": "5",
                        "label": "Strong evidence of effectiveness",
                        "definition": "Several good randomised trials show effects.",
                        "criteria": "At least two randomised trials with lasting effects.",
                    }
                ],
                "flags": [{"code": "harmful-effects-found", "label": "Harmful effects found"}],
            },
        ),
        "listChanges": (
            schemas.ChangeFeed,
            {
                "events": [_change(101, "publish"), _change(102, "unpublish")],
                "cursor": 102,
                "has_more": False,
                "next": None,
            },
        ),
        "listMeasures": (schemas.MeasureList, {"count": 1, "results": [_measure()]}),
        "getMeasure": (schemas.Measure, _measure()),
        "listRegions": (
            schemas.RegionList,
            {"lang": "fi", "credit": REGION_CREDIT, "regions": [_region()]},
        ),
        "getRegion": (
            schemas.RegionDetail,
            {
                "lang": "fi",
                "region": _region(),
                "count": 1,
                "entries": [
                    {
                        "id": ENTRY_ID,
                        "kind": "method",
                        "slug": "lapset-puheeksi",
                        "title": "Lapset puheeksi",
                        "url": _site("/fi/menetelmat/lapset-puheeksi/"),
                        "api_url": _api(f"/api/v1/methods/{ENTRY_ID}/?lang=fi"),
                        "service_languages": ["fi", "sv"],
                        "implementations": [_implementation()],
                    }
                ],
                "credit": REGION_CREDIT,
            },
        ),
        "autocomplete": (
            schemas.Suggestions,
            {
                "suggestions": [
                    {
                        "id": MODEL_ID,
                        "title": "Perhekeskus",
                        "match": "Perhekeskus",
                        "url": _site("/fi/menetelmat/perhekeskus/"),
                    }
                ]
            },
        ),
    }


ERRORS = {
    400: {
        "invalid_parameter": {
            "error": "invalid_parameter",
            "message": "Unknown parameter: target_grup.",
            "parameter": "target_grup",
            "allowed": ["lang", "q", "target_group", "limit", "offset"],
        }
    },
    403: {
        "token_expired": {"error": "token_expired", "message": "The preview token has expired."},
        "token_invalid": {"error": "token_invalid", "message": "The preview token is not valid."},
        "token_revoked": {
            "error": "token_revoked",
            "message": "The preview token has been revoked.",
        },
    },
    404: {
        "not_found": {"error": "not_found", "message": "No public entry has this id or slug."},
        "not_translated": {
            "error": "not_translated",
            "message": "This entry has not been translated into en.",
            "languages": ["fi", "sv"],
        },
    },
    429: {
        "rate_limited": {
            "error": "rate_limited",
            "message": "Too many requests: at most 600 in 60 seconds.",
        }
    },
}


# 404s of the operations that answer about something other than an entry
NOT_FOUND = {
    "getPreview": {"error": "not_found", "message": "The previewed entry no longer exists."},
    "getMeasure": {"error": "not_found", "message": "No measure with this code."},
    "getRegion": {"error": "not_found", "message": "No region has this code."},
}


def examples_for(operation_id: str, status: int) -> dict:
    """The OpenAPI `examples` of one answer of one operation, each checked against its schema."""
    if status == 200:
        schema, body = _answers()[operation_id]
        schema.model_validate(body)
        return {"ok": {"summary": "A successful answer", "value": body}}
    examples = {}
    errors = ERRORS.get(status, {})
    if operation_id in NOT_FOUND and status == 404:
        errors = {"not_found": NOT_FOUND[operation_id]}
    for name, body in errors.items():
        schemas.Error.model_validate(body)
        examples[name] = {"summary": name, "value": body}
    return examples
