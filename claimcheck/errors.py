"""Errors that claimcheck raises.

Every message is shown to the user verbatim, on one line, and says what to do about it.
The command-line app turns any of these into ``Error: <message>`` and exit code 1.

    ClaimcheckError
    ├── InputError            a draft or source file that cannot be read
    ├── SourceError           a source document that cannot be loaded or parsed
    ├── IndexError_           base of the index problems below
    │   ├── IndexNotFoundError    no index at that path
    │   ├── IndexMismatchError    built with another model or format version
    │   ├── IndexCorruptError     files missing, unreadable or inconsistent
    │   └── IndexLockedError      another build holds the lock
    ├── ModelError            the bundled model is missing or fails its hash check
    ├── ConfigError           a bad setting in claimcheck.toml, the environment or a flag
    └── ReportError           a saved report that cannot be read
"""

from __future__ import annotations

__all__ = [
    "ClaimcheckError",
    "ConfigError",
    "IndexCorruptError",
    "IndexError_",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexNotFoundError",
    "InputError",
    "ModelError",
    "ReportError",
    "SourceError",
]


class ClaimcheckError(Exception):
    """Base class: the message is user-facing and names the fix."""


class InputError(ClaimcheckError):
    """A draft or source path that is missing, empty, binary or not UTF-8."""


class SourceError(ClaimcheckError):
    """A source document that cannot be loaded."""


class IndexError_(ClaimcheckError):  # noqa: N801 - avoid shadowing the builtin IndexError
    """Base class for index problems."""


class IndexNotFoundError(IndexError_):
    """No index exists at the given path."""


class IndexMismatchError(IndexError_):
    """The index was built with another embedding model or format version."""


class IndexCorruptError(IndexError_):
    """The index files are missing, unreadable or disagree with each other."""


class IndexLockedError(IndexError_):
    """Another build is writing this index."""


class ModelError(ClaimcheckError):
    """A bundled model is missing or does not match its recorded hash."""


class ConfigError(ClaimcheckError):
    """An invalid setting."""


class ReportError(ClaimcheckError):
    """A saved report that cannot be read."""
