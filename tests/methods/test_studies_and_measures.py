"""Studies, measures and the scale's criteria in the editor and the importer: bad input is named and
nothing is written; the demo's ratings follow the criteria."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from methods.evidence import EvidenceLevel, supported_level
from methods.models import EntryPage, Measure, MethodPage, OutcomeDomain, Study
from methods.studies import study_facts_of
from tests.factories import index_page
from tests.forms import form_data

SMALL = "tests/data/small_library.json"
SMALL_V1 = "tests/data/small_library_v1.json"


def add_url():
    return reverse("wagtailadmin_pages:add", args=("methods", "methodpage", index_page("fi").pk))


def study_form(**overrides):
    study = {
        "authors": "Tutkija, A.",
        "year": "2020",
        "title": "Tutkimus",
        "journal": "",
        "doi": "",
        "url": "",
        "design": "rct",
        "country": "FI",
        "setting": "",
        "sample_size": "100",
        "participants": "",
        "comparison": "",
        "follow_up_months": "",
        "independent": "",
        "findings": "",
        "outcomes": streamfield([]),
    }
    study.update(overrides)
    return study


def outcome(**overrides):
    value = {
        "domain": "conduct-problems",
        "measure": "ecbi",
        "timepoint_months": "0",
        "direction": "improved",
        "effect_size": "",
        "effect_kind": "",
        "ci_low": "",
        "ci_high": "",
    }
    value.update(overrides)
    return ("outcome", value)


def post_entry(client, studies=(), **overrides):
    return client.post(add_url(), entry_data(studies, **overrides))


def entry_data(studies=(), **overrides) -> dict:
    values = {
        "references": [{"citation": "Tutkija 2020.", "year": "2020", "doi": "", "url": ""}],
        "evidence_level": str(EvidenceLevel.GOOD_EVIDENCE),
        "evidence_rationale": rich_text("<p>Yksi satunnaistettu tutkimus.</p>"),
    }
    data = form_data(**{**values, **overrides})
    study_data = nested_form_data({"studies": inline_formset(list(studies))})
    data.update(study_data)
    return data


def study_errors(response) -> str:
    """Every message of the study forms, the outcome blocks' own included."""
    formset = response.context["form"].formsets["studies"]
    messages = []
    for form in formset.forms:
        for errors in form.errors.as_data().values():
            for error in errors:
                if hasattr(error, "as_json_data"):
                    messages.append(json.dumps(error.as_json_data(), ensure_ascii=False))
                else:
                    messages.extend(error.messages)
    return " ".join(messages)


# --- The editor -----------------------------------------------------------------------------------


def test_a_study_that_supports_the_rating_is_published_with_it(admin_client_in):
    response = post_entry(
        admin_client_in("en"), studies=[study_form(outcomes=streamfield([outcome()]))]
    )
    assert response.status_code == 302, response.context["form"].errors
    page = MethodPage.objects.get(slug="uusi-menetelma")
    assert page.live
    study = page.studies.get()
    assert study.design == "rct" and study.outcome_values[0]["measure"] == "ecbi"
    assert study.locale == page.locale


def test_a_study_without_a_design_is_refused_and_nothing_is_saved(admin_client_in):
    response = post_entry(admin_client_in("en"), studies=[study_form(design="")])
    assert response.status_code == 200
    assert escape("Choose the study's design.") in response.content.decode()
    assert not MethodPage.objects.filter(slug="uusi-menetelma").exists()
    assert not Study.objects.filter(title="Tutkimus").exists()


def test_an_effect_size_without_its_kind_is_refused(admin_client_in):
    studies = [study_form(outcomes=streamfield([outcome(effect_size="0.4")]))]
    response = post_entry(admin_client_in("en"), studies=studies)
    assert response.status_code == 200
    assert "An effect size needs its kind" in study_errors(response)
    assert not MethodPage.objects.filter(slug="uusi-menetelma").exists()


def test_an_interval_that_does_not_contain_the_effect_is_refused(admin_client_in):
    bad = outcome(effect_size="0.4", effect_kind="cohens-d", ci_low="0.5", ci_high="0.9")
    response = post_entry(admin_client_in("en"), studies=[study_form(outcomes=streamfield([bad]))])
    assert response.status_code == 200
    assert "does not contain the effect size" in study_errors(response)


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "needs a rationale"), ("fi", "perustelu"), ("sv", "motivering")],
)
def test_a_rating_without_a_rationale_is_refused(admin_client_in, language, message):
    studies = [study_form(outcomes=streamfield([outcome()]))]
    response = post_entry(
        admin_client_in(language), studies=studies, evidence_rationale=rich_text("")
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["evidence_rationale"]).lower()
    assert not MethodPage.objects.filter(slug="uusi-menetelma").exists()


def test_a_rating_above_what_the_studies_meet_needs_a_justification(admin_client_in):
    client = admin_client_in("en")
    pre_post = [study_form(design="pre-post", outcomes=streamfield([outcome()]))]
    response = post_entry(client, studies=pre_post)
    errors = " ".join(response.context["form"].errors["evidence_justification"])
    assert "meet the criteria of level 3, not 4" in errors
    assert not MethodPage.objects.filter(slug="uusi-menetelma").exists()

    response = post_entry(client, studies=pre_post, evidence_justification="Registries agree.")
    assert response.status_code == 302, response.context["form"].errors


def test_changing_a_published_rating_needs_a_new_review_date(admin_client_in):
    client = admin_client_in("en")
    studies = [study_form(outcomes=streamfield([outcome()]))]
    response = post_entry(client, studies=studies, evidence_last_reviewed="2026-01-01")
    assert response.status_code == 302, response.context["form"].errors
    page = MethodPage.objects.get(slug="uusi-menetelma")
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))

    lower = {"evidence_level": str(EvidenceLevel.SOME_EVIDENCE)}
    response = client.post(url, entry_data(studies, evidence_last_reviewed="2026-01-01", **lower))
    assert response.status_code == 200
    assert "give the date of this review" in " ".join(
        response.context["form"].errors["evidence_last_reviewed"]
    )
    page.refresh_from_db()
    assert page.evidence_level == EvidenceLevel.GOOD_EVIDENCE

    response = client.post(url, entry_data(studies, evidence_last_reviewed="2026-12-01", **lower))
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    assert page.evidence_level == EvidenceLevel.SOME_EVIDENCE


def test_a_measure_for_ages_20_to_3_is_refused_in_the_editor(admin_client_in):
    client = admin_client_in("en")
    url = reverse("wagtailsnippets_methods_measure:add")
    data = {
        "code": "new-measure",
        "abbreviation": "NM",
        "name": "New measure",
        "description": "",
        "respondents": "",
        "age_min": "20",
        "age_max": "3",
        "languages": "fi",
        "free": "",
        "licence": "",
        "url": "",
        "references": "",
        "locale": Locale.get_default().pk,
    }
    response = client.post(url + "?locale=fi", data)
    assert response.status_code == 200
    assert "The youngest age (20) is greater than the oldest (3)." in " ".join(
        response.context["form"].errors["age_min"]
    )
    assert not Measure.objects.filter(code="new-measure").exists()


# --- The importer --------------------------------------------------------------------------------


def with_study(tmp_path, change=lambda study, data: None) -> str:
    data = json.loads(open(SMALL, encoding="utf-8").read())
    data["taxonomies"]["outcome_domains"] = [
        {"code": "conduct-problems", "labels": {"fi": "Käytösongelmat"}}
    ]
    data["measures"] = [
        {
            "code": "tool",
            "abbreviation": "TL",
            "domains": ["conduct-problems"],
            "age_min": 3,
            "age_max": 12,
            "translations": {"fi": {"name": "Työkalu"}},
        }
    ]
    study = {
        "id": "6f1c1f7e-3c43-4c1b-9e0b-7d1f1b6e2a01",
        "authors": "Tutkija, A.",
        "year": 2020,
        "design": "rct",
        "outcomes": [{"domain": "conduct-problems", "measure": "tool", "direction": "improved"}],
    }
    data["entries"][0]["evidence"]["studies"] = [study]
    change(study, data)
    path = tmp_path / "methods.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def database_state():
    return (
        EntryPage.objects.count(),
        Study.objects.count(),
        Measure.objects.count(),
        OutcomeDomain.objects.count(),
    )


def test_a_file_with_studies_and_measures_imports(db, tmp_path):
    call_command("import_methods", with_study(tmp_path), stdout=open("/dev/null", "w"))
    page = MethodPage.objects.get(slug="ryhmamenetelma")
    assert [s.outcome_values[0]["measure"] for s in page.studies.all()] == ["tool"]
    assert Measure.objects.get(code="tool", locale__language_code="fi").age_max == 12


BAD = {
    "study without a design": (
        lambda study, data: study.pop("design"),
        "methods.json, record 1 (ryhmamenetelma), field evidence.studies[1].design: is required",
    ),
    "effect size without its kind": (
        lambda study, data: study["outcomes"][0].update(effect_size=0.4),
        "methods.json, record 1 (ryhmamenetelma), field evidence.studies[1].outcomes[1].effect_kind: "
        "An effect size needs its kind",
    ),
    "measure for ages 20-3": (
        lambda study, data: data["measures"][0].update(age_min=20, age_max=3),
        "methods.json, measure 1, field age_min: 20 is greater than age_max 3",
    ),
    "unknown measure": (
        lambda study, data: study["outcomes"][0].update(measure="nope"),
        "field evidence.studies[1].outcomes[1].measure: unknown measure 'nope'",
    ),
    "study id of another entry": (
        lambda study, data: data["entries"][1]["evidence"].update(studies=[dict(study)]),
        "record 2 (palvelumalli), field evidence.studies[1].id: the study",
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_studies_and_measures_are_refused_whole_and_named(db, tmp_path, case):
    change, message = BAD[case]
    path = with_study(tmp_path, change)
    before = database_state()
    with pytest.raises(CommandError) as error:
        call_command("import_methods", path, stdout=open("/dev/null", "w"))
    assert message in str(error.value)
    assert database_state() == before


def test_a_version_1_file_still_imports(db):
    call_command("import_methods", SMALL_V1, stdout=open("/dev/null", "w"))
    assert MethodPage.objects.get(slug="ryhmamenetelma").evidence_level == 4


def test_a_rating_above_the_studies_is_refused_in_a_file_without_a_justification(db, tmp_path):
    def unjustified(study, data):
        study["design"] = "qualitative"
        for translation in data["entries"][0]["translations"].values():
            translation["evidence_justification"] = ""

    with pytest.raises(CommandError, match="field translations.fi.evidence_justification"):
        call_command("import_methods", with_study(tmp_path, unjustified))


# --- The demo's ratings --------------------------------------------------------------------------


def test_every_demo_rating_meets_the_criteria_or_says_why(db):
    for page in EntryPage.objects.filter(locale__language_code="fi", live=True):
        level = page.evidence_level or 0
        supported = supported_level(study_facts_of(page.studies.all()))
        if level > 1:
            assert level <= supported or page.evidence_justification.strip(), page.slug


def test_demo_ratings_follow_the_scale_and_its_words(db):
    mdft = MethodPage.objects.get(slug="monimuotoinen-perheterapia-mdft")
    assert mdft.evidence_level == 4
    mst = MethodPage.objects.get(
        translation_key=MethodPage.objects.get(slug="multisysteeminen-terapia-mst").translation_key,
        locale__language_code="en",
    )
    assert "Finnish" not in mst.evidence_rationale
    lets_talk = MethodPage.objects.get(slug="lapset-puheeksi")
    assert "Jonkin verran näyttöä vaikuttavuudesta" in lets_talk.evidence_rationale.replace(
        "jonkin verran", "Jonkin verran"
    )
    assert "näyttöä tuloksellisuudesta" not in lets_talk.evidence_rationale


def test_a_version_1_file_leaves_studies_outcome_domains_and_justifications_as_they_are(
    db, tmp_path
):
    """Version 1 of the format held no studies, outcome domains or justifications: a file of that
    version changes what it holds and leaves these as the database has them."""
    quiet = {"stdout": open("/dev/null", "w")}
    call_command("import_methods", with_study(tmp_path), **quiet)
    page = MethodPage.objects.get(slug="ryhmamenetelma")
    page.outcome_domains = list(
        OutcomeDomain.objects.filter(code="conduct-problems", locale=page.locale)
    )
    page.save()
    justification = page.evidence_justification
    assert justification

    old = json.loads(open(SMALL_V1, encoding="utf-8").read())
    old["entries"][0]["translations"]["fi"]["title"] = "Ryhmämenetelmä (uusi)"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    call_command("import_methods", str(path), **quiet)

    page = MethodPage.objects.get(slug="ryhmamenetelma")
    assert page.title == "Ryhmämenetelmä (uusi)"
    assert [str(s.translation_key) for s in page.studies.all()] == [
        "6f1c1f7e-3c43-4c1b-9e0b-7d1f1b6e2a01"
    ]
    assert [d.code for d in page.outcome_domains.all()] == ["conduct-problems"]
    assert page.evidence_justification == justification


@pytest.mark.parametrize(
    "where, name",
    [("entry", "outcome_domains"), ("evidence", "studies"), ("fi", "evidence_justification")],
)
def test_a_version_1_file_cannot_hold_studies_outcome_domains_or_justifications(
    db, tmp_path, where, name
):
    old = json.loads(open(SMALL_V1, encoding="utf-8").read())
    entry = old["entries"][0]
    target = {"entry": entry, "evidence": entry["evidence"]}.get(where) or entry["translations"][
        where
    ]
    target[name] = "" if name == "evidence_justification" else []
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    before = database_state()

    with pytest.raises(CommandError) as error:
        call_command("import_methods", str(path), stdout=open("/dev/null", "w"))

    field = {"entry": name, "evidence": f"evidence.{name}"}.get(where) or f"translations.fi.{name}"
    assert f"old.json, record 1 (ryhmamenetelma), field {field}: is not part of lape-methods/1" in (
        str(error.value)
    )
    assert database_state() == before
