"""Extraction entry point: ``Article`` in, validated ``Event`` records out.

``extract`` handles one article; ``extract_many`` streams many through ``nlp.pipe`` and
yields ``(article, events)`` or ``(article, ExtractionError)`` per article, so one bad
document never stops a batch.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .actors import DocActor
from .coding import CodedEvent, codebook
from .errors import ExtractionError
from .nlp import load_pipeline
from .places import resolve_place
from .schema import Actor, Article, Attribution, Event, Evidence

# Weights of the heuristic confidence score: how completely the event was read.
_CONFIDENCE_BASE = 0.35
_CONFIDENCE_NAMED_SOURCE = 0.2
_CONFIDENCE_NAMED_TARGET = 0.15
_CONFIDENCE_TEXT_DATE = 0.1
_CONFIDENCE_ATTRIBUTED = 0.1
_CONFIDENCE_CORROBORATED = 0.1


def make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.published_at = article.published_at
    doc._.article_id = article.id
    return doc


def _event_id(article_id: str, coded: CodedEvent, start: int, end: int, actor_ids: list[str]) -> str:
    key = json.dumps([article_id, coded.event_type, start, end, sorted(actor_ids)])
    return "ev_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _confidence(coded: CodedEvent, clusters: list[DocActor]) -> float:
    score = _CONFIDENCE_BASE
    if any(clusters[i].named for i in coded.sources):
        score += _CONFIDENCE_NAMED_SOURCE
    if any(clusters[i].named for i in coded.targets):
        score += _CONFIDENCE_NAMED_TARGET
    if coded.date is not None and coded.date_basis == "text":
        score += _CONFIDENCE_TEXT_DATE
    if coded.attribution:
        score += _CONFIDENCE_ATTRIBUTED
    if len(coded.sentences) > 1:
        score += _CONFIDENCE_CORROBORATED
    return round(min(score, 1.0), 2)


# "CAIRO (Reuters) -", "KYIV, Ukraine, Feb 20 (AP) —", "Beirut —": a dateline opening the body.
_DATELINE_RE = re.compile(r"^(?P<place>[A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3})(?:,\s*[A-Z][A-Za-z .'-]{1,30})?(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*(?:\([^)]{1,40}\))?\s*[-—–]{1,2}\s")


def dateline_location(text: str, context: set[str]):
    """Where the report was filed, from a dateline at the start of the body, if any."""
    match = _DATELINE_RE.match(text)
    if not match:
        return None
    place = match.group("place").strip()
    name = place.title() if place.isupper() else place
    location = resolve_place(name, context=context)
    if location is not None:
        location = location.model_copy(update={"basis": f"dateline; {location.basis}"})
    return location


def article_countries(doc: Doc) -> set[str]:
    """Countries the article talks about (its country mentions), to decide ambiguous places."""
    return {c.country for c in (doc._.clusters or []) if c.kind == "country" and c.country}


def _actor_as_written(cluster: DocActor, index: int, mentions_of: dict[int, list], doc: Doc,
                      sentence: tuple[int, int]) -> Actor:
    """The cluster as an ``Actor`` whose ``text`` is how the evidence sentence names it
    ("he", "the two leaders", "Biden"), so the evidence view can mark it; the first
    mention in the article otherwise."""
    actor = cluster.to_actor()
    for mention in mentions_of.get(index, ()):
        span = doc[mention.start:mention.end]
        if sentence[0] <= span.start_char and span.end_char <= sentence[1]:
            written = mention.text if mention.text and mention.text in span.text else span.text
            return actor.model_copy(update={"text": written})
    return actor


def events_from_doc(doc: Doc, article: Article) -> list[Event]:
    """Convert the coder's ``doc._.events`` into schema ``Event`` records."""
    clusters: list[DocActor] = doc._.clusters or []
    book = codebook()
    context = article_countries(doc)
    dateline = dateline_location(article.text, context)
    events: list[Event] = []
    text = article.text
    mentions_of: dict[int, list] = {}
    for mention in doc._.mentions or []:
        for index in mention.clusters:
            mentions_of.setdefault(index, []).append(mention)
    for coded in doc._.events or []:
        evidence = [Evidence(article_id=article.id, sentence=text[s:e].strip(), start=s + (len(text[s:e]) - len(text[s:e].lstrip())),
                             end=s + len(text[s:e].rstrip())) for s, e in coded.sentences]
        first = coded.sentences[0]
        sources = [_actor_as_written(clusters[i], i, mentions_of, doc, first) for i in coded.sources]
        targets = [_actor_as_written(clusters[i], i, mentions_of, doc, first) for i in coded.targets]
        if coded.date is not None:
            date, precision, date_text, basis = coded.date.date, coded.date.precision, coded.date.text, coded.date_basis or "text"
        elif article.published_at is not None:
            date, precision, date_text, basis = article.published_at.date(), "day", None, "publication"
        else:
            date = precision = date_text = basis = None
        location = None
        for start, end in coded.location_tokens:
            location = resolve_place(doc[start:end].text, context=context)
            if location is not None:
                break
        if location is None and dateline is not None:
            location = dateline
        actor_ids = [a.actor_id or a.name for a in sources + targets]
        events.append(Event(
            event_id=_event_id(article.id, coded, evidence[0].start, evidence[0].end, actor_ids),
            event_type=coded.event_type, mode=coded.mode, cameo_root=book.cameo_root[coded.event_type],
            trigger=coded.trigger.text, source_actors=sources, target_actors=targets,
            date=date, date_precision=precision, date_text=date_text, date_basis=basis, location=location,
            date_end=coded.date.end if coded.date is not None and basis == "text" else None,
            date_inferred=basis in ("context", "publication"),
            attribution=[Attribution(source=s, kind=k) for s, k in coded.attribution],
            negated=coded.negated, hypothetical=coded.hypothetical,
            confidence=_confidence(coded, clusters), evidence=evidence[0], supporting_evidence=evidence[1:],
            article=article.ref(),
        ))
    return events


def extract(article: Article, nlp: Language | None = None) -> list[Event]:
    """Code one article into events."""
    nlp = nlp or load_pipeline()
    try:
        doc = nlp(make_doc(nlp, article))
        return events_from_doc(doc, article)
    except ExtractionError:
        raise
    except Exception as exc:  # a bug or a parser failure on this text: name the article
        raise ExtractionError(f"{article.source_path or article.id}: extraction failed ({type(exc).__name__}: {exc})") from exc


def extract_many(articles: Iterable[Article], nlp: Language | None = None, batch_size: int = 16) -> Iterator[tuple[Article, list[Event] | ExtractionError]]:
    """Stream articles through the pipeline; failures are yielded, not raised."""
    nlp = nlp or load_pipeline()
    pending: list[Article] = []

    def flush() -> Iterator[tuple[Article, list[Event] | ExtractionError]]:
        docs = [make_doc(nlp, a) for a in pending]
        try:
            processed = list(nlp.pipe(docs, batch_size=batch_size))
        except Exception:  # fall back to one at a time to find the failing article
            for article in pending:
                try:
                    yield article, extract(article, nlp)
                except ExtractionError as exc:
                    yield article, exc
            return
        for article, doc in zip(pending, processed):
            try:
                yield article, events_from_doc(doc, article)
            except Exception as exc:
                yield article, ExtractionError(f"{article.source_path or article.id}: event conversion failed ({exc})")

    for article in articles:
        pending.append(article)
        if len(pending) >= batch_size:
            yield from flush()
            pending = []
    if pending:
        yield from flush()
