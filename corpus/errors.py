"""The project's one error tree.

    DomainError                  anything a user did or a file held that we cannot accept
    ├── NotFound                 a ref, slug or id that names nothing
    │   └── ClauseNotFound
    ├── InvalidInput             a request or option that is malformed
    └── SourceError              a corpus file that cannot be ingested
        ├── UndecodableFile      bytes that are neither UTF-8 nor GB18030
        └── EmptyFile            nothing but white space

``web/`` maps these to HTTP status codes in one place; the CLI turns them into a plain message.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the product reports to a user instead of a traceback."""


class NotFound(DomainError):
    """A ref, slug or id names nothing that is stored."""


class ClauseNotFound(NotFound):
    """No clause has this ref."""


class InvalidInput(DomainError):
    """A request, option or query that cannot be understood."""


class SourceError(DomainError):
    """A corpus file that cannot be ingested; the build skips it and goes on."""

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(f"{filename}: {message}")
        self.filename = filename
        self.message = message


class UndecodableFile(SourceError):
    """The bytes are neither UTF-8 (with or without BOM) nor GB18030."""


class EmptyFile(SourceError):
    """The file holds nothing but white space."""
