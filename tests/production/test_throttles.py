"""Limits per client: the trusted client address behind proxies, the API rate limit (also while
Redis is down), the admin login throttle that a stranger cannot turn against an editor, and the
throttle on page passwords."""

import re

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django.test import RequestFactory, override_settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from operations.clients import client_address
from tests.factories import MethodFactory

from .test_faults import dead_redis_cache

LIST = "/api/v1/methods/?lang=fi"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def address(remote="10.0.0.5", forwarded=None, **settings):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(**settings):
        return client_address(RequestFactory().get("/", **meta))


# --- The trusted client address ----------------------------------------------------------------


def test_by_default_no_header_is_believed():
    assert address(forwarded="203.0.113.9") == "10.0.0.5"


def test_behind_a_number_of_trusted_hops_the_client_is_the_entry_before_them():
    assert address(forwarded="203.0.113.9", TRUSTED_PROXIES="1") == "203.0.113.9"
    # a client that sends its own header cannot choose its address: our proxy appended the real one
    assert address(forwarded="1.1.1.1, 203.0.113.9", TRUSTED_PROXIES="1") == "203.0.113.9"
    # a CDN, then the load balancer
    assert address(forwarded="1.1.1.1, 203.0.113.9, 198.51.100.2", TRUSTED_PROXIES="2") == (
        "203.0.113.9"
    )
    assert address(forwarded="", TRUSTED_PROXIES="1") == "10.0.0.5"


def test_behind_trusted_networks_the_client_is_the_nearest_address_outside_them():
    trusted = {"TRUSTED_PROXIES": "10.0.0.0/8, 198.51.100.0/24"}
    assert address(forwarded="1.1.1.1, 203.0.113.9, 198.51.100.2", **trusted) == "203.0.113.9"
    assert address(remote="192.0.2.1", forwarded="203.0.113.9", **trusted) == "192.0.2.1"
    assert address(forwarded="nonsense, 198.51.100.2", **trusted) == "198.51.100.2"
    assert address(forwarded="[2001:db8::1]:443", **trusted) == "2001:db8::1"


def test_behind_a_cdn_a_client_that_bypasses_it_cannot_pass_for_another():
    """docs/deployment.md: with a CDN in front of the load balancer, a hop count trusts a forged
    entry from a client that reaches the load balancer directly; the networks do not."""
    lb, cdn_edge, attacker = "10.0.0.5", "173.245.48.7", "203.0.113.66"
    # Through the CDN: the CDN appends the client, the load balancer appends the CDN's edge.
    through_cdn = f"203.0.113.9, {cdn_edge}"
    # Direct to the load balancer, with a forged entry: it appends the attacker's real address.
    direct = f"192.0.2.77, {attacker}"
    assert address(remote=lb, forwarded=through_cdn, TRUSTED_PROXIES="2") == "203.0.113.9"
    assert address(remote=lb, forwarded=direct, TRUSTED_PROXIES="2") == "192.0.2.77"  # forged
    networks = {"TRUSTED_PROXIES": "10.0.0.0/8,173.245.48.0/20"}
    assert address(remote=lb, forwarded=through_cdn, **networks) == "203.0.113.9"
    assert address(remote=lb, forwarded=direct, **networks) == attacker


def test_a_cdn_header_of_its_own_names_the_client():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="173.245.48.7", HTTP_CF_CONNECTING_IP="203.0.113.9"
    )
    with override_settings(TRUSTED_PROXIES="1", TRUSTED_PROXY_HEADER="HTTP_CF_CONNECTING_IP"):
        assert client_address(request) == "203.0.113.9"
    assert client_address(request) == "173.245.48.7"  # not believed unless configured


# --- The API rate limit ------------------------------------------------------------------------


def test_behind_a_proxy_each_client_has_its_own_rate_limit(client, db, settings):
    settings.API_RATE_LIMIT = 3
    settings.TRUSTED_PROXIES = "1"
    clients = [f"203.0.113.{n}" for n in range(1, 6)]
    for forwarded in clients:
        statuses = [
            client.get(LIST, headers={"x-forwarded-for": forwarded}).status_code for _ in range(3)
        ]
        assert statuses == [200, 200, 200], forwarded
    refused = client.get(LIST, headers={"x-forwarded-for": clients[0]})
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"


def test_without_trusted_proxies_a_forged_header_buys_no_new_requests(client, db, settings):
    settings.API_RATE_LIMIT = 3
    statuses = [
        client.get(LIST, headers={"x-forwarded-for": f"203.0.113.{n}"}).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_with_redis_unreachable_the_rate_limit_still_holds_per_worker(client, db, settings):
    settings.API_RATE_LIMIT = 3
    with override_settings(CACHES=dead_redis_cache()):
        statuses = [client.get(LIST).status_code for _ in range(5)]
        caches["default"]._local.clear()
    assert statuses == [200, 200, 200, 429, 429]


# --- Admin login -------------------------------------------------------------------------------

EDITOR = "198.51.100.7"
STRANGER = "203.0.113.66"


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "right-password"
    )


def sign_in(client, password, forwarded):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "editor", "password": password},
        headers={"x-forwarded-for": forwarded},
    )


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, TRUSTED_PROXIES="1")
def test_a_stranger_cannot_lock_an_editor_out(client, editor):
    for _attempt in range(6):
        sign_in(client, "wrong", STRANGER)
    assert sign_in(client, "right-password", STRANGER).status_code == 429
    response = sign_in(client, "right-password", EDITOR)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, TRUSTED_PROXIES="1")
def test_a_locked_out_editor_gets_in_with_a_password_reset(client, editor):
    for _attempt in range(5):
        locked = sign_in(client, "wrong", EDITOR)
    assert locked.status_code == 429
    reset_url = reverse("wagtailadmin_password_reset")
    assert reset_url in locked.content.decode()

    response = client.post(
        reset_url, {"email": "editor@example.org"}, headers={"x-forwarded-for": EDITOR}
    )
    assert response.status_code == 302
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/\S+)", mail.outbox[-1].body)
    form = client.get(link.group(1), follow=True, headers={"x-forwarded-for": EDITOR})
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"},
        headers={"x-forwarded-for": EDITOR},
    )
    assert response.status_code == 302

    response = sign_in(client, "a-new-long-password-9", EDITOR)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


# --- Page passwords ----------------------------------------------------------------------------


@pytest.fixture
def protected_page(db):
    page = MethodFactory(title="Suojattu", slug="suojattu")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="oikea-salasana"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    return page, url


def try_password(client, url, password, forwarded="203.0.113.5"):
    return client.post(
        url,
        {"password": password, "return_url": "/fi/"},
        headers={"x-forwarded-for": forwarded},
    )


@override_settings(PAGE_PASSWORD_ATTEMPTS=10, TRUSTED_PROXIES="1")
def test_page_passwords_cannot_be_guessed_quickly(client, protected_page):
    _page, url = protected_page
    statuses = [try_password(client, url, f"guess-{n}").status_code for n in range(60)]
    assert statuses[:10] == [200] * 10
    assert set(statuses[10:]) == {429}
    refused = try_password(client, url, "oikea-salasana")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    # another visitor is not held up
    assert try_password(client, url, "oikea-salasana", forwarded="198.51.100.9").status_code == 302
