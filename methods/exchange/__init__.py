"""Export and import of the whole library as JSON (the file format "lape-methods/2"; see the README).

schema.py   the format as pydantic models, with its limits
rules.py    rules across fields and records
errors.py   messages that name the file, the record and the field
links.py    internal links in rich text as stable references
export.py   export_library(), dumps()
imports.py  load_file(), validate(), import_library()
"""

from .errors import ExchangeError
from .export import dumps, export_library
from .imports import ImportResult, import_library, load_file, validate
from .progress import terminal_progress
from .schema import SCHEMA

__all__ = [
    "SCHEMA",
    "ExchangeError",
    "ImportResult",
    "dumps",
    "export_library",
    "import_library",
    "load_file",
    "terminal_progress",
    "validate",
]
