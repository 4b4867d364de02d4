"""`make setup` (load_demo, setup_editorial_roles) gives the Wagtail Site the address in SITE_URL."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Site


def test_setup_moves_the_site_and_every_public_link_to_site_url(client, db, settings):
    settings.SITE_URL = "https://menetelmat.example.fi"
    call_command("setup_editorial_roles", stdout=open("/dev/null", "w"))
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "menetelmat.example.fi",
        443,
        "https://menetelmat.example.fi",
    )
    entry = client.get("/api/v1/methods/?lang=sv&limit=1").json()["results"][0]
    assert entry["url"].startswith("https://menetelmat.example.fi/sv/")


def test_an_address_wagtail_cannot_serve_is_refused(db, settings):
    settings.SITE_URL = "https://menetelmat.example.fi:8443"
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        call_command("setup_editorial_roles", stdout=open("/dev/null", "w"))
