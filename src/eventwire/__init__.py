"""eventwire: news articles in, verifiable PLOVER political event records out.

Public API (everything else is private and may change)::

    from eventwire import read_article, extract, EventStore
    article = read_article("story.txt")
    events = extract(article)
"""

import logging

from .errors import EventwireError, ExtractionError, IngestError, StoreError
from .ingest import parse_article, parse_html_article, parse_text_article, read_article, read_articles
from .pipeline import extract, extract_many
from .schema import SCHEMA_VERSION, Actor, Article, Attribution, Event, Evidence, Location, event_json_schema
from .store import EventStore, IngestSummary

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Article",
    "Attribution",
    "Event",
    "EventStore",
    "EventwireError",
    "Evidence",
    "ExtractionError",
    "IngestError",
    "IngestSummary",
    "Location",
    "StoreError",
    "__version__",
    "event_json_schema",
    "extract",
    "extract_many",
    "parse_article",
    "parse_html_article",
    "parse_text_article",
    "read_article",
    "read_articles",
]
