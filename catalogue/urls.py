from django.urls import path

from . import views

urlpatterns = [
    path("example/", views.embed_example, name="embed_example"),
]
