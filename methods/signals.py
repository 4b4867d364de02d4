"""The methods app's own subscriber to content events: a published change of rating is recorded."""

from .events import ContentEvent, EventType, on_recorded
from .rating_history import record_rating_change


@on_recorded
def record_rating_change_on_publish(event: ContentEvent) -> None:
    if event.type is EventType.ENTRY_PUBLISHED:
        for page in event.entries:
            record_rating_change(page, event.revision)
