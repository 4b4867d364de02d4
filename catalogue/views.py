"""Plain views of the public site that are not pages: the partners' example of the embeds."""

from django.shortcuts import render
from django.templatetags.static import static

from search.service import public_entries


def embed_example(request):
    """A partner page showing the widgets at work, with the snippet to copy."""
    entry = public_entries("fi").order_by("title").first()
    script_url = request.build_absolute_uri(static("embed/methods.js"))
    return render(
        request,
        "catalogue/embed_example.html",
        {"method_id": str(entry.translation_key) if entry else "", "script_url": script_url},
    )
