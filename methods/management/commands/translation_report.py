"""Print the translation status of every entry, as text or CSV."""

import csv

from django.core.management.base import BaseCommand

from methods.translation_status import measure_statuses, source_entries, translation_statuses


def _state_label(state) -> str:
    if not state.exists:
        return "missing"
    published = "live" if state.live else "draft"
    if state.up_to_date:
        return f"{published}, up to date"
    return (
        f"{published}, OUT OF DATE: source changed {state.source_changed_at:%Y-%m-%d %H:%M}, "
        f"synced {state.synced_at:%Y-%m-%d %H:%M}"
        if state.synced_at
        else f"{published}, OUT OF DATE"
    )


class _MeasureRow:
    """A measure in the report's rows: its code as the id, "Measure: ECBI" as the title."""

    def __init__(self, measure):
        self.entry_id = f"measure:{measure.code}"
        self.title = f"Measure: {measure.abbreviation}"


class Command(BaseCommand):
    help = (
        "The translation status of every entry and measure: exists, published, up to date with "
        "its source."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "csv"], default="text")
        parser.add_argument(
            "--outdated", action="store_true", help="Only translations that are missing or behind."
        )

    def handle(self, *args, format, outdated, **options):
        entries = list(source_entries())
        statuses = translation_statuses(entries)
        rows = []
        for entry in entries:
            for state in statuses[entry.pk].values():
                if outdated and state.up_to_date:
                    continue
                rows.append((entry, state))
        for measure, by_language in measure_statuses():
            for state in by_language.values():
                if outdated and state.up_to_date:
                    continue
                rows.append((_MeasureRow(measure), state))
        if format == "csv":
            writer = csv.writer(self.stdout)
            writer.writerow(
                ["entry_id", "title", "language", "exists", "live", "up_to_date",
                 "source_changed_at", "synced_at"]
            )  # fmt: skip
            for entry, state in rows:
                writer.writerow(
                    [
                        entry.entry_id,
                        entry.title,
                        state.language,
                        state.exists,
                        state.live,
                        "" if state.up_to_date is None else state.up_to_date,
                        state.source_changed_at.isoformat() if state.source_changed_at else "",
                        state.synced_at.isoformat() if state.synced_at else "",
                    ]
                )
            return
        for entry, state in rows:
            self.stdout.write(f"{entry.title} [{state.language}]: {_state_label(state)}")
        outdated_count = sum(1 for _entry, state in rows if state.up_to_date is False)
        missing_count = sum(1 for _entry, state in rows if not state.exists)
        self.stdout.write(f"{outdated_count} out of date, {missing_count} missing.")
