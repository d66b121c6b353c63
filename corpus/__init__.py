"""Raw policy files → decoded, normalised text → structure tree → works, witnesses, clauses.

This package is pure: it reads bytes it is handed and returns frozen dataclasses. It knows no
database, no web framework and no clock.
"""

from pathlib import Path

DEFAULT_RAW = Path(__file__).resolve().parent / "raw"  # the seed documents, as shipped
DEFAULT_CATALOG = Path(__file__).resolve().parent / "catalog.toml"  # what the catalog says of them
