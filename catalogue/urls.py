from django.urls import path

from . import views

urlpatterns = [
    path("v1/methods.js", views.embed_script_v1, name="embed_script"),
    path("example/", views.embed_example, name="embed_example"),
]
