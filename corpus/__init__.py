"""Raw policy files → decoded, normalised text → structure tree → works, witnesses, clauses.

This package is pure: it reads bytes it is handed and returns frozen dataclasses. It knows no
database, no web framework and no clock.
"""
