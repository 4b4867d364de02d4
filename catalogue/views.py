"""Plain views of the public site that are not pages: the embed script at its stable address,
and the partners' example of the embeds."""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import condition, require_safe

from search.service import public_entries

EMBED_SCRIPT = "embed/methods.js"


@lru_cache(maxsize=1)
def embed_script() -> tuple[bytes, str]:
    """The script's content and its ETag, read once per process (a deploy starts new ones)."""
    content = open(finders.find(EMBED_SCRIPT), "rb").read()
    return content, '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


@require_safe
@condition(etag_func=lambda request: embed_script()[1])
def embed_script_v1(request):
    """/embed/v1/methods.js: the address partners copy. It stays the same across deploys and is
    cached briefly (EMBED_SCRIPT_MAX_AGE), with an ETag, so a new release reaches partners'
    visitors within minutes; unchanged, a revalidation answers 304."""
    content, _etag = embed_script()
    response = HttpResponse(content, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = f"public, max-age={settings.EMBED_SCRIPT_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def embed_example(request):
    """A partner page showing the widgets at work, with the snippet to copy."""
    entry = public_entries("fi").order_by("title").first()
    return render(
        request,
        "catalogue/embed_example.html",
        {
            "method_id": str(entry.translation_key) if entry else "",
            "script_url": request.build_absolute_uri(reverse("embed_script")),
            "pinned_script_url": request.build_absolute_uri(static(EMBED_SCRIPT)),
        },
    )
