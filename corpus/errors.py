"""The project's one error tree.

    DomainError                  anything a user did or a file held that we cannot accept
    ├── NotFound                 a ref, slug or id that names nothing
    │   └── ClauseNotFound
    ├── InvalidInput             a request or option that is malformed
    ├── Conflict                 a request that clashes with what is stored (a closed exam, …)
    ├── LoginRequired            a shared deployment's page asked for without an account
    ├── NotAllowed               an account without the role a page needs
    └── SourceError              a corpus file that cannot be ingested
        ├── UndecodableFile      bytes that are neither UTF-8 nor GB18030, or a binary file
        ├── UnsupportedFile      a file type that is not text (.pdf, .docx, an image …)
        └── EmptyFile            nothing but white space

``web/errors.py`` maps these to HTTP status codes in one place (404, 400, 409, 401, 403; anything
else 400); the CLI's one hook (``web.cli``) turns them into a plain Chinese message and exit code 1.
``details`` carries extra fields a script may act on (the JSON error body includes them).
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the product reports to a user instead of a traceback."""

    def __init__(self, message: str = "", **details: object) -> None:
        super().__init__(message)
        self.details = details


class NotFound(DomainError):
    """A ref, slug or id names nothing that is stored."""


class ClauseNotFound(NotFound):
    """No clause has this ref."""


class InvalidInput(DomainError):
    """A request, option or query that cannot be understood."""


class Conflict(DomainError):
    """A request that cannot be carried out in the state the stored data is in."""


class LoginRequired(DomainError):
    """The page or API needs a signed-in account."""


class NotAllowed(DomainError):
    """The signed-in account lacks the role the page needs."""


class SourceError(DomainError):
    """A corpus file that cannot be ingested; the build skips it and goes on."""

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(f"{filename}: {message}")
        self.filename = filename
        self.message = message


class UndecodableFile(SourceError):
    """The bytes are neither UTF-8 (with or without BOM) nor GB18030."""


class UnsupportedFile(SourceError):
    """A file whose type is not text (a PDF, a Word file, an image): convert it to text first."""


class EmptyFile(SourceError):
    """The file holds nothing but white space."""
