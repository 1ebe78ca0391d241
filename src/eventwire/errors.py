"""One exception tree for everything eventwire raises on purpose.

Outside errors (OSError, UnicodeDecodeError, duckdb.Error, ...) are converted at the
boundary with ``raise ... from exc`` so callers only need to catch ``EventwireError``.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every eventwire error."""


class IngestError(EventwireError):
    """An input could not be read or turned into an article.

    ``source`` names the file (or ``-`` for stdin) and ``reason`` says what was wrong,
    so a batch can print ``source: reason`` and carry on.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class ExtractionError(EventwireError):
    """The NLP or coding stage failed on an article."""


class StoreError(EventwireError):
    """The event store could not be opened, migrated or written."""


class ArticleSkipped(IngestError):
    """The input was read but is not coded (e.g. not English); not a failure."""
