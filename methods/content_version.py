"""The content version: one number bumped by every change to public content.

It orders the change feed (taken under a row lock, so numbers are committed in order) and, with
the time of the change, keys every cache of public answers: the API's, the site's and search's
in-memory catalogue.
"""

import datetime

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

BEFORE_ANY_CHANGE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class ContentVersion(models.Model):
    """One row: the current version of the public content."""

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        app_label = "methods"
        verbose_name = _("content version")

    def __str__(self):
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


def current_version() -> tuple[int, datetime.datetime]:
    """(number, changed_at) of the public content; one query, in plain SQL, since every cached
    answer asks it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT number, changed_at FROM {ContentVersion._meta.db_table} ORDER BY id LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        return 0, BEFORE_ANY_CHANGE
    number, changed_at = row
    if isinstance(changed_at, str):  # SQLite
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = changed_at.replace(tzinfo=datetime.UTC)
    return number, changed_at


def bump_version() -> ContentVersion:
    """Take the next version number under a row lock held until the transaction commits."""
    with transaction.atomic():
        version = ContentVersion.objects.select_for_update().first()
        if version is None:
            version = ContentVersion(number=0)
        version.number += 1
        version.changed_at = timezone.now()
        version.save()
    return version
