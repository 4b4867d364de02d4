"""A progress line for long imports and index rebuilds, shown only on a terminal."""

import sys


def terminal_progress(stream=None):
    """A progress callback that redraws one line on a terminal and stays silent otherwise."""
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def show(number: int, total: int, label: str) -> None:
        width = 30
        filled = width * number // total
        stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {number}/{total} {label[:40]:<40}"
        )
        if number == total:
            stream.write("\n")
        stream.flush()

    return show
