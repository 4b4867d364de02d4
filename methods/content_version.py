"""The content version: one number bumped by every change to public content.

It orders the change feed (taken under a row lock, so numbers are committed in order) and, with
the time of the change, keys every cache of public answers: the API's, the site's and search's
in-memory catalogue.
"""

import datetime
import threading
import time

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


_last_read: tuple[float, tuple[int, datetime.datetime]] | None = None
_last_read_lock = threading.Lock()


def recent_version(max_age: float) -> tuple[int, datetime.datetime]:
    """The content version as this process read it at most `max_age` seconds ago (read again
    when older, and after this process changed it): for answers that may lag a publish by that
    much, such as cached pages for anonymous visitors."""
    global _last_read
    now = time.monotonic()
    last = _last_read
    if last is not None and now - last[0] < max_age:
        return last[1]
    version = current_version()
    with _last_read_lock:
        _last_read = (now, version)
    return version


def _forget_last_read() -> None:
    global _last_read
    with _last_read_lock:
        _last_read = None


def bump_version() -> ContentVersion:
    """Take the next version number under a row lock held until the transaction commits."""
    with transaction.atomic():
        version = ContentVersion.objects.select_for_update().first()
        if version is None:
            version = ContentVersion(number=0)
        version.number += 1
        version.changed_at = timezone.now()
        version.save()
        transaction.on_commit(_forget_last_read)
    return version
