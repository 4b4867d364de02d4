"""The app's URLs plus /bench/constant/<size>/: the fastest answer a Django worker can give."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

PAYLOAD = b"x" * 1_000_000


def constant(request, size):
    return HttpResponse(PAYLOAD[:size], content_type="application/json")


urlpatterns = [path("bench/constant/<int:size>/", constant), *app_urlpatterns]
