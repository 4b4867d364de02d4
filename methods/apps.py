from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "methods"
    verbose_name = _("Methods")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import events, signals  # noqa: F401 - signals subscribes to the events

        events.connect()
