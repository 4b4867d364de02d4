#!/usr/bin/env python
"""Django's command-line utility for the methods library."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    # Commands (migrations, imports, backups, the task worker) may run long statements.
    os.environ.setdefault("DJANGO_PROCESS", "command")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
