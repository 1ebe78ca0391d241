"""The event record: a versioned contract other tools parse.

Field names here are public API. Adding an optional field is a minor change; renaming or
removing one bumps ``SCHEMA_VERSION``'s major number. ``schema/event.schema.json`` in the
repository is generated from these models (``eventwire schema``) and a test keeps it in sync.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0.0"

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

DatePrecision = Literal["day", "week", "month", "year"]
AttributionKind = Literal["report", "statement", "quote", "citation"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Actor(_Model):
    """One participant. ``actor_id`` is a knowledge-base id or a stable generated id."""

    name: str = Field(description="Name as best known: full name for people, canonical name for organisations.")
    actor_id: str | None = Field(description="KB id (e.g. ORG_HAMAS) or generated id (e.g. GEN_PER_3f2a...).")
    country: str | None = Field(description="ISO 3166-1 alpha-3 code, or null when unknown or international.")
    organization: str | None = Field(default=None, description="Organisation the actor belongs to or leads.")
    role: str | None = Field(default=None, description="Title or office, e.g. 'Foreign Minister'.")
    actor_type: str | None = Field(default=None, description="PLOVER-style sector: GOV, MIL, REB, PTY, IGO, NGO, MED, CVL, ...")
    text: str | None = Field(default=None, description="The text span the actor was read from.")


class Location(_Model):
    name: str
    country: str | None = Field(description="ISO 3166-1 alpha-3.")
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = Field(default=None, description="First-level admin area (state/province) when known.")
    basis: str | None = Field(default=None, description="Why this place was chosen (gazetteer step, ambiguity decision).")


class Attribution(_Model):
    """Who says the event happened: a reporting outlet, a speaker, a document."""

    source: str
    kind: AttributionKind


class Evidence(_Model):
    """The sentence the event was read from; offsets index ``Article.text`` (the cleaned body)."""

    article_id: str
    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ArticleRef(_Model):
    id: str
    title: str
    published_at: dt.datetime | None
    url: str | None = None
    outlet: str | None = None


class Event(_Model):
    """One coded event: who did what to whom, when, where, and according to whom."""

    schema_version: str = SCHEMA_VERSION
    event_id: str = Field(description="Content hash of article id, type, evidence offsets and actors: reruns give the same id.")
    event_type: EventType
    mode: str | None = Field(default=None, description="PLOVER mode, e.g. 'visit', 'phone', 'air' (null when the text gives none).")
    cameo_root: str = Field(description="Two-digit CAMEO root code for the PLOVER type.")
    trigger: str = Field(description="The word or phrase that triggered the event.")
    source_actors: list[Actor]
    target_actors: list[Actor]
    date: dt.date | None = Field(description="Event date; null only when the article has no publication time and the text no date.")
    date_precision: DatePrecision | None
    date_text: str | None = Field(description="The date expression the date was resolved from; null when it defaults to publication.")
    date_end: dt.date | None = Field(default=None, description="Last day when the text gives a range ('January 11 and 12').")
    date_inferred: bool = Field(default=False, description="True when the sentence itself has no time expression (date_basis context or publication).")
    date_basis: Literal["text", "context", "publication"] | None = Field(
        default=None,
        description="text: a date expression of this sentence; context: inherited from the nearest earlier "
                    "dated event of the article (date_text says which); publication: defaulted to publication day.")
    location: Location | None
    attribution: list[Attribution]
    negated: bool = False
    hypothetical: bool = False
    confidence: float = Field(ge=0.0, le=1.0, description="Heuristic 0-1 score from how completely the event was read; not a calibrated probability.")
    evidence: Evidence
    supporting_evidence: list[Evidence] = Field(default_factory=list, description="Other sentences of the same article that report the same event.")
    article: ArticleRef


class Article(_Model):
    """A cleaned article: the unit every later stage consumes."""

    id: str = Field(description="Content hash of the cleaned title and text.")
    title: str
    text: str = Field(description="Cleaned body; evidence offsets index this string.")
    published_at: dt.datetime | None = None
    url: str | None = None
    outlet: str | None = None
    source_path: str | None = None
    language: str | None = Field(default=None, description="ISO 639-1 code detected from the text, when judged.")
    skipped_reason: str | None = Field(default=None, description="Why the article is stored but not coded (e.g. not English).")

    def ref(self) -> ArticleRef:
        return ArticleRef(id=self.id, title=self.title, published_at=self.published_at, url=self.url, outlet=self.outlet)


def event_json_schema() -> dict:
    """JSON Schema of the event record, as written to ``schema/event.schema.json``."""
    schema = Event.model_json_schema()
    schema["$id"] = f"https://eventwire.invalid/schema/event-{SCHEMA_VERSION}.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
