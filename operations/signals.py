"""A user who sets a new password (through the reset link, or an administrator for them) is no
longer locked out of the admin: their login throttle records are cleared."""

from axes.utils import reset
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save


def remember_password_change(sender, instance, **kwargs):
    if instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password


def lift_lockouts(sender, instance, created, **kwargs):
    if getattr(instance, "_password_changed", False):
        reset(username=instance.get_username())
        instance._password_changed = False


def connect() -> None:
    user_model = get_user_model()
    pre_save.connect(remember_password_change, sender=user_model, dispatch_uid="lockout-pw")
    post_save.connect(lift_lockouts, sender=user_model, dispatch_uid="lockout-lift")
