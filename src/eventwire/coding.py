"""Coding: PLOVER events from parsed sentences, then merged within the document.

The ``eventwire_coder_v1`` component finds triggers from the codebook in
``data/lexicon.yaml`` (a verb such as "met", or an event noun under a light verb such as
"held talks"), reads participants from the dependency parse, attribution from reporting
verbs and "according to", negation and hypothetical marking from the verb's dependants,
and the date from a DATE span attached to the predicate. Mentions of the same event in
several sentences ("X met Y." / "In their meeting, the three leaders ...") are merged so
one event carries all its evidence. Output: ``doc._.events`` (``CodedEvent`` objects).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Token

from .actors import DocActor, Mention
from .dates import DAY_NAME_RE, ResolvedDate, resolve_date
from .kb import default_kb

# Sentences apart within which two compatible mentions of one event are merged.
MERGE_WINDOW_SENTENCES = 3
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_TARGET_PREPS = {"with", "to", "against", "on", "upon", "for", "at", "toward", "towards", "into"}
_OBJECT_DEPS = ("dobj", "dative", "attr", "oprd")
_MODALS = {"could", "would", "may", "might", "should", "can"}
_HYPOTHETICAL_HEADS = {"plan", "consider", "threaten", "want", "seek", "intend", "hope", "aim", "propose", "prepare", "expect", "try", "attempt"}
_NEGATION_HEADS = {"deny", "refuse", "fail", "decline", "reject"}
# Subjects that make "rallied", "marched", "protested" a market or sports report.
_NON_AGENT_HEADS = {"peso", "dollar", "euro", "yen", "pound", "rupee", "currency", "stock", "share", "market", "index",
                    "price", "bond", "yield", "team", "player", "striker", "club", "squad"}
_LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout"}
# Verbs and nouns of movement whose destination is where the event happens.
_MOTION_WORDS = {"arrive", "travel", "visit", "fly", "go", "come", "trip", "tour", "deploy", "send", "airlift",
                 "deliver", "ship", "enter", "land", "reach", "dispatch", "move", "head", "journey", "return",
                 "withdraw", "pull", "leave"}
_DESTINATION_PREPS = {"to", "into", "in", "at", "from", "out"}
_PLACE_OBJECT_VERBS = {"visit", "enter", "reach", "tour", "leave"}
# Dependencies a date phrase may climb through to reach the verb it dates.
_DATE_PATH_DEPS = {"prep", "pobj", "npadvmod", "tmod", "advmod", "nmod", "compound", "amod", "det", "nummod", "appos", "quantmod"}
# Context dates are inherited only from events this close to publication (the article's "now").
CONTEXT_DATE_MAX_DAYS = 14
# Verbal cooperation that, refused for the future ("will not recognise"), is a REJECT.
_REFUSABLE_TYPES = {"SUPPORT", "AGREE", "CONSULT", "COOPERATE"}
_REMOTE_WORDS = {"telephone", "phone", "videoconference", "video", "virtual", "videolink"}
# Actor types that make an organisation a political actor on its own.
_POLITICAL_TYPES = {"GOV", "MIL", "REB", "PTY", "IGO", "NGO", "JUD", "LEG", "SPY", "OPP", "INS", "COP", "CVL", "MED", "REL"}
# Cooperative actions reported in the future tense are AGREE (PLOVER manual, AGREE).
# Future retreats are CONCEDE and future concessions stay CONCEDE (PLOVER manual, CONCEDE).
_INTENT_TYPES = {"SUPPORT", "AID", "COOPERATE", "CONSULT"}
# Forceful acts announced for the future under a condition are threats (PLOVER THREATEN).
_FORCE_TYPES = {"SANCTION", "ASSAULT", "COERCE"}
_DELIBERATION_VERBS = {"consider", "weigh", "mull"}
_READY_WORDS = {"ready", "willing", "prepared"}
# Events nested in the content of these verbal acts are their content, not separate events.
_CONTENT_TYPES = {"AGREE", "REQUEST", "THREATEN", "REJECT", "ACCUSE", "MOBILIZE"}
# Clauses that state a condition, not an event ("if the mission receives funding").
_CONDITION_MARKS = {"if", "unless", "whether"}
# Clauses hanging off a noun or another clause: their events need an actor named in them.
_SUBORDINATE_DEPS = {"relcl", "acl", "advcl", "pcomp"}


@dataclass
class Codebook:
    verbs: dict
    nouns: dict
    light_verbs: set
    light_nouns: set
    mode_modifiers: dict
    reporting_verbs: set
    cameo_root: dict
    transfer_verbs: set
    material_nouns: set
    occurrence_verbs: set
    phrasal: dict
    verb_alternatives: dict  # lemma -> constrained entries tried before ``verbs`` ("left the bloc")


@lru_cache(maxsize=1)
def codebook() -> Codebook:
    raw = yaml.safe_load(resources.files("eventwire").joinpath("data", "lexicon.yaml").read_text(encoding="utf-8"))
    return Codebook(
        verbs=raw["verbs"], nouns=raw["nouns"], light_verbs=set(raw["light_verbs"]),
        light_nouns=set(raw["light_nouns"]), mode_modifiers=raw["mode_modifiers"],
        reporting_verbs=set(raw["reporting_verbs"]), cameo_root=raw["cameo_root"],
        transfer_verbs=set(raw["transfer_verbs"]), material_nouns=set(raw["material_nouns"]),
        occurrence_verbs=set(raw["occurrence_verbs"]), phrasal=raw.get("phrasal", {}),
        verb_alternatives=raw.get("verb_alternatives", {}),
    )


@dataclass
class CodedEvent:
    """An event as read from one or more sentences of one document."""

    event_type: str
    mode: str | None
    trigger: Token
    predicate: Token
    sources: list[int]  # DocActor indices
    targets: list[int]
    date: ResolvedDate | None
    location_tokens: list[tuple[int, int]]
    attribution: list[tuple[str, str]]  # (source, kind)
    negated: bool
    hypothetical: bool
    sentences: list[tuple[int, int]] = field(default_factory=list)  # char offsets of evidence sentences
    sent_index: int = 0
    date_basis: str | None = None  # text | context
    direct_names: int = 0  # participants named in this sentence (not reached through coreference)

    @property
    def participants(self) -> list[int]:
        return self.sources + [t for t in self.targets if t not in self.sources]


def _verb_constraints_ok(tok: Token, entry: dict) -> bool:
    """Check a verb entry's `preps`, `objects`, `pobjs` and `complements` constraints."""
    children = list(tok.children)
    preps = entry.get("preps")
    nearby = children + [g for c in children if c.dep_ in ("prep", "advmod") for p in c.children for g in [p, *p.children]]
    nearby += [g for c in children if c.dep_ == "dobj" for g in c.children if g.dep_ == "prep"]  # "fired rounds at X"
    if preps and not any(c.lower_ in preps for c in nearby if c.dep_ in ("prep", "prt", "advmod")):
        return False
    objects = entry.get("objects")
    if objects:
        heads = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
        # "ended eight decades of ties", "moved the first batch of weapons": look inside the measure.
        heads += [g for c in heads if c.lemma_.lower() in _CONTAINER_NOUNS | _QUANTITY_NOUNS or c.like_num
                  for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        if not any(c.lemma_.lower() in objects for c in heads):
            return False
    if entry.get("no_prep_target") and any(c.dep_ == "prep" and c.lower_ in ("at", "on", "toward", "towards", "against")
                                           for c in children):
        return False  # "fired missiles at X" is an attack, not a test
    if entry.get("no_participle") and tok.tag_ == "VBG" and tok.dep_ in ("advcl", "acl", "xcomp", "conj"):
        return False  # "..., targeting firms that ...": elaborates the event before it
    pobjs = entry.get("pobjs")
    if pobjs and not any(g.lemma_.lower() in pobjs for c in children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"):
        return False
    subject_heads = entry.get("subject_heads")
    if subject_heads and not any(c.lemma_.lower() in subject_heads for c in children if c.dep_ == "nsubj"):
        return False
    if entry.get("intransitive") and any(c.dep_ == "dobj" for c in children):
        return False  # "flew him to New York" moves someone else: not a visit
    complements = entry.get("complements")
    if complements and not any(t.lower_ in complements for c in children if c.dep_ in ("oprd", "acomp", "ccomp", "xcomp", "attr") for t in c.subtree):
        return False
    return True


def _trigger_entry(tok: Token, book: Codebook) -> tuple[dict, Token, Token] | None:
    """(lexicon entry, trigger token, predicate token) if ``tok`` triggers an event.

    In order: a verb entry with constraints (idioms such as "took to the streets"); an event
    noun under a light verb ("held talks", "$500 million in aid"); material nouns under a
    transfer verb ("provide tanks" is AID); a plain verb entry; an event noun under a light
    noun ("the provision of support"); an event noun whose verb only says it happened
    ("clashes broke out between A and B").
    """
    lemma = tok.lemma_.lower()
    if tok.dep_ in ("amod", "compound"):
        return None  # "the defending champions", "the proposed tax": a modifier, not an act
    if tok.pos_ == "VERB":
        particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
        phrasal = book.phrasal.get(f"{lemma} {particle}") if particle else None
        if phrasal and lemma in book.transfer_verbs:
            for child in tok.children:  # "handed over 18 tanks": material goes as AID
                if child.dep_ == "dobj" and _material_noun(child, book) is not None:
                    return {"type": "AID"}, _material_noun(child, book), tok
        if phrasal:
            return (phrasal, tok, tok) if phrasal.get("type") else None  # type null: never an event
        for alternative in book.verb_alternatives.get(lemma, ()):
            if _verb_constraints_ok(tok, alternative):
                if alternative.get("type") is None:
                    return None  # a reading that is never an event ("hit a new low")
                return _retyped_by_object(alternative, tok), tok, tok
    if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and lemma == "have"):
        entry = book.verbs.get(lemma)
        if entry and tok.pos_ == "VERB" and _has_constraints(entry) and _verb_constraints_ok(tok, entry):
            return _retyped_by_object(entry, tok), tok, tok
        if lemma in book.light_verbs or lemma in book.transfer_verbs:
            for child in tok.children:
                noun = None
                if child.dep_ in ("dobj", "nsubjpass"):
                    # "a package of sanctions", "a round of talks": the event is what the container holds.
                    measure = child.lemma_.lower() in _CONTAINER_NOUNS | _QUANTITY_NOUNS or child.like_num or child.tag_ in ("CD", "$")
                    contained = _event_noun_in_measure(child, book) if measure else None
                    noun = contained or _event_noun(child, book)
                    if noun is None and lemma in book.transfer_verbs:
                        material = _material_noun(child, book)
                        if material is not None:
                            return {"type": "AID"}, material, tok
                elif child.dep_ == "prep" and lemma == "engage" and child.lower_ == "in":
                    noun = next((_event_noun(g, book) for g in child.children if g.dep_ == "pobj"), None)
                if noun is not None:
                    return _noun_entry(noun, book, verb=lemma), noun, tok
        if entry and tok.pos_ == "VERB" and not _has_constraints(entry) and _verb_constraints_ok(tok, entry):
            return _retyped_by_object(entry, tok), tok, tok
    elif tok.pos_ in ("NOUN", "PROPN") and _noun_key(tok, book):
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.lower_ == "of":
            owner = tok.head.head
            if owner.lemma_.lower() in book.light_nouns:
                return _noun_entry(tok, book), tok, _verb_above(owner) or owner
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in book.occurrence_verbs:
            return _noun_entry(tok, book), tok, tok.head
        if any(c.dep_ == "prep" and c.lower_ == "by" for c in tok.children) and not _under_light_verb(tok, book):
            # "The shooting of X by Y", "threats by X to ...": a nominalised act with its agent.
            return _noun_entry(tok, book), tok, tok
    return None


def _obligation(tok: Token, book: Codebook) -> tuple[dict, Token, Token] | None:
    """'X said (that) Y must/should do Z': a REQUEST by X to Y (PLOVER codes demands this way).
    The trigger is the modal, the predicate the reporting verb."""
    if tok.lower_ not in ("must", "should") or tok.dep_ != "aux":
        return None
    verb = tok.head
    reporting = verb.head
    if verb.dep_ != "ccomp" or reporting.lemma_.lower() not in book.reporting_verbs | {"insist", "declare", "warn", "stress"}:
        return None
    return {"type": "REQUEST", "obliged": verb}, tok, reporting


def _under_light_verb(tok: Token, book: Codebook) -> bool:
    return tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in book.light_verbs


_CONTAINER_NOUNS = {"package", "round", "series", "wave", "set", "batch", "raft", "tranche", "list",
                    "day", "week", "month", "hour", "year"}  # "three days of drills"
_QUANTITY_NOUNS = {"million", "billion", "trillion", "dollar", "euro", "tonne", "ton", "worth", "hundred", "thousand"}


def _retyped_by_object(entry: dict, verb: Token) -> dict:
    """'halted aid' SANCTION but 'halted attacks' CONCEDE: ``object_types`` decides."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in (entry.get("object_types") or {}):
            return {**entry, "type": entry["object_types"][child.lemma_.lower()], "mode": None}
    return entry


def _has_constraints(entry: dict) -> bool:
    return any(k in entry for k in ("objects", "pobjs", "complements", "subject_heads"))


def _noun_entry(noun: Token, book: Codebook, verb: str | None = None) -> dict:
    entry = book.nouns[_noun_key(noun, book)]
    if verb and verb in (entry.get("by_verb") or {}):
        return {**entry, "type": entry["by_verb"][verb]}  # "declared a truce" CONCEDE, "agreed a truce" AGREE
    joint = entry.get("joint_type")
    if joint and any(c.lower_ in ("joint", "combined", "bilateral", "trilateral") for c in noun.children):
        return {**entry, "type": joint}
    for child in noun.children:
        by_prep = (entry.get("if_prep") or {}).get(child.lower_) if child.dep_ == "prep" else None
        if by_prep:
            return {**entry, "type": by_prep, "mode": None}
        retyped = (entry.get("if_modifier") or {}).get(child.lower_)
        if retyped and child.dep_ in ("amod", "compound"):
            return {**entry, "type": retyped, "mode": "strike" if retyped == "PROTEST" else entry.get("mode")}
    return entry


def _event_noun_in_measure(tok: Token, book: Codebook) -> Token | None:
    """'$500 million in assistance', 'tons of aid': the event noun behind a quantity."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "of", "worth"):
            for g in child.children:
                if g.dep_ == "pobj" and _event_noun(g, book):
                    return g
    return None


def _material_noun(tok: Token, book: Codebook) -> Token | None:
    for cand in (tok, *(g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "in") for g in c.children)):
        if cand.lemma_.lower() in book.material_nouns:
            return cand
    return None


def _noun_key(tok: Token, book: Codebook) -> str | None:
    for key in (tok.lower_, tok.lemma_.lower()):
        if key in book.nouns:
            return key
    return None


def _event_noun(tok: Token, book: Codebook) -> Token | None:
    # Objects of light verbs are nouns even when the tagger says otherwise ("conducted drills"/VERB).
    if (tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("dobj", "nsubjpass")) and _noun_key(tok, book):
        return tok
    return None


def _verb_above(tok: Token) -> Token | None:
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


class EventCoder:
    def __init__(self) -> None:
        self.book = codebook()
        self.kb = default_kb()

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data.pop("eventwire_places", None)  # entities may have changed since the last run
        try:
            return self._code_doc(doc)
        finally:
            doc.user_data.pop("eventwire_places", None)  # spans in user_data would not serialise

    def _code_doc(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.mentions or []
        clusters: list[DocActor] = doc._.clusters or []
        events: list[CodedEvent] = []
        seen_triggers: set[int] = set()
        for s_i, sent in enumerate(doc.sents):
            for tok in sent:
                found = _obligation(tok, self.book) or _trigger_entry(tok, self.book)
                if found is None:
                    continue
                entry, trigger, pred = found
                if trigger.i in seen_triggers or self._is_content_of_verbal_act(pred, events):
                    continue
                seen_triggers.add(trigger.i)
                event = self._code(doc, sent, s_i, entry, trigger, pred, mentions, clusters)
                if event is not None:
                    events.append(event)
        doc._.events = inherit_dates(merge_events(events, clusters), doc._.published_at)
        return doc

    def _is_content_of_verbal_act(self, pred: Token, events: list[CodedEvent]) -> bool:
        head = pred
        while head.dep_ in ("xcomp", "ccomp", "pcomp", "prep", "pobj", "advcl") and head.head.i != head.i:
            head = head.head
            if any(e.predicate.i == head.i and e.event_type in _CONTENT_TYPES for e in events):
                return True
        return False

    def _source_countries(self, sources: list[int], subj_tokens: list[Token], clusters: list[DocActor]) -> set[str]:
        """Countries on the acting side, also from demonyms inside one mention ("U.S. and Philippine troops")."""
        found = {clusters[i].country for i in sources if clusters[i].country}
        found |= {c for t in subj_tokens if t.pos_ in ("PROPN", "ADJ") for c in [self.kb.country_of_demonym(t.text)
                  or self.kb.country_of_name(t.text)] if c}
        return found

    # -- one event -----------------------------------------------------------------
    def _code(self, doc: Doc, sent, s_i: int, entry: dict, trigger: Token, pred: Token,
              mentions: list[Mention], clusters: list[DocActor]) -> CodedEvent | None:
        subj_tokens, attribution, patient_tokens = self._subject(pred, mentions, clusters)
        if pred.pos_ in ("NOUN", "PROPN"):
            # Nominalised act: the agent is the "by" phrase, the patient the "of" phrase.
            subj_tokens = _subtrees([g for c in pred.children if c.dep_ == "prep" and c.lower_ == "by"
                                     for g in c.children if g.dep_ == "pobj"])
            patient_tokens = _subtrees([g for c in pred.children if c.dep_ == "prep" and c.lower_ == "of"
                                        for g in c.children if g.dep_ == "pobj"])
        elif trigger.i != pred.i and trigger.dep_ in ("nsubj", "nsubjpass"):
            # "Clashes broke out between A and B": the sides are in the event noun's phrase.
            subj_tokens = _subtrees([g for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("between", "among")
                                     for g in c.children if g.dep_ == "pobj"])
        obj_tokens = patient_tokens + self._objects(pred, trigger, topic_object=entry.get("topic_object", False))
        obliged = entry.get("obliged")
        if obliged is not None:  # "X said Y must ...": Y is asked
            obj_tokens += [t for c in obliged.children if c.dep_ in ("nsubj", "nsubjpass") for t in _np_tokens(c)]
        sources = _actors_in(subj_tokens, mentions, exclude={trigger.i})
        targets = [c for c in _actors_in(obj_tokens, mentions, exclude={trigger.i}) if c not in sources]
        if obliged is not None and (not sources or not targets):
            return None  # "Iran said it must defend itself" is no request
        arg_tokens = {t.i for t in subj_tokens} | {t.i for t in obj_tokens}
        direct = {c for m in mentions if m.kind == "name" and m.head in arg_tokens for c in m.clusters}
        if not sources and not targets:
            return None
        attribution += self._sentence_attribution(sent, pred, mentions, clusters)
        event_type, mode = entry["type"], entry.get("mode")
        if mode == "visit" and trigger.i == pred.i:
            subject = next((c for c in pred.children if c.dep_ == "nsubj"), None)
            if subject is not None and not any(m.covers(subject.i) for m in mentions):
                return None  # "a consignment of vaccines arrived": things arrive, visitors are actors
            if sources and all(clusters[i].actor_type == "CVL" for i in sources):
                return None  # fans travelling to a match are not a diplomatic visit
        if entry.get("joint_type") and len(self._source_countries(sources, subj_tokens, clusters)) >= 2:
            event_type = entry["joint_type"]  # "Indonesia and the United States launched exercises"
        if event_type == "PROTEST" and any(t.lemma_.lower() in _NON_AGENT_HEADS for t in subj_tokens if t.dep_ in _SUBJECT_DEPS):
            return None  # "the peso rallied": markets are not protesters
        if event_type == "ASSAULT" and sources and all(clusters[i].actor_type == "CVL" for i in sources):
            event_type, mode = "PROTEST", "riot"  # a crowd storming a building is a riot
        negated = _negated(pred, trigger)
        if negated and event_type in _REFUSABLE_TYPES and (_future(pred) or _planned(pred)):
            event_type, mode, negated = "REJECT", None, False  # "would never recognise": a refusal
        elif event_type in _INTENT_TYPES and _future(pred):
            event_type, mode = "AGREE", None  # PLOVER: cooperation in the future tense is intent
        elif event_type in ("RETREAT", "CONCEDE") and pred.dep_ == "xcomp" and pred.head.lower_ in _READY_WORDS:
            event_type, mode = "AGREE", None  # "is willing to withdraw": an offer
        elif event_type == "RETREAT" and _future(pred):
            event_type = "CONCEDE"  # "France will withdraw its troops": an announced retreat
        conditional = any(t.dep_ == "mark" and t.lower_ in ("unless", "until", "if") for t in pred.subtree)
        if not negated and ((event_type in _FORCE_TYPES and (_future(pred) or _would(pred)))
                            or (event_type == "PROTEST" and _future(pred) and conditional)):
            event_type, mode = "THREATEN", None  # "will tighten the blockade", "would slap tariffs": announced force
        if event_type == "CONSULT" and any(t.lemma_.lower() in _REMOTE_WORDS for t in pred.subtree):
            mode = "phone"
        if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in pred.children):
            return None
        if pred.dep_ in _SUBORDINATE_DEPS and not sources and trigger.dep_ != "nsubj":
            return None  # "the crash that killed X", "for supplying Russia": background, not a new act
        if not any(_political(clusters[i], self.kb) for i in sources + targets):
            return None  # "The Chicago Bulls rallied": no state, party, group or office holder involved
        for child in trigger.children:
            if child.dep_ in ("compound", "amod") and child.lower_ in self.book.mode_modifiers:
                mode = self.book.mode_modifiers[child.lower_]
        return CodedEvent(
            event_type=event_type, mode=mode, trigger=trigger, predicate=pred,
            sources=sources, targets=targets, date=self._date(doc, pred, trigger, sent),
            location_tokens=self._location_tokens(pred, trigger),
            attribution=_dedupe(attribution), negated=negated,
            hypothetical=_hypothetical(pred), sentences=[(sent.start_char, sent.end_char)], sent_index=s_i,
            direct_names=len(direct & set(sources + targets)),
        )

    def _subject(self, pred: Token, mentions, clusters) -> tuple[list[Token], list[tuple[str, str]], list[Token]]:
        """Subject tokens of the predicate, climbing through conj/xcomp/advcl chains, and attribution.

        Every reporting verb above the predicate ("X said ...", "..., X reported") adds its
        subject as attribution. "X cited Y as saying ..." makes Y the subject and X the
        attribution. In "A, the minister told B, was committed to ..." the parser gives the
        reporting verb two subjects: the person is the speaker, the other the event's subject.
        A passive predicate's subject is returned third, as a target ("X was shot by Y").
        """
        attribution: list[tuple[str, str]] = []
        subject: list[Token] | None = None
        patient: list[Token] = []
        tok = pred
        came_from = None
        for _ in range(10):
            subjects = [c for c in tok.children if c.dep_ in _SUBJECT_DEPS or c.dep_ == "agent"]
            if tok.i != pred.i and tok.lemma_.lower() in self.book.reporting_verbs:
                speakers = [c for c in tok.children if c.dep_ == "nsubj"]
                if tok.lemma_.lower() == "cite" and came_from is not None and came_from.lower_ == "as":
                    attribution.extend(self._speaker(speakers, mentions, clusters, "citation"))
                    if subject is None:
                        subject = _subtrees([c for c in tok.children if c.dep_ == "dobj"])
                else:
                    if len(speakers) > 1:
                        people = [sp for sp in speakers if self._is_person(sp, mentions, clusters)]
                        others = [sp for sp in speakers if sp not in people]
                        if people and others:
                            speakers = people
                            if subject is None:
                                subject = _subtrees(others)
                    attribution.extend(self._speaker(speakers, mentions, clusters, None))
            elif subjects and subject is None:
                subject = []
                passive = any(c.dep_ == "nsubjpass" for c in subjects)
                for sub in subjects:
                    if sub.dep_ == "agent":
                        subject.extend(t for g in sub.children for t in _np_tokens(g))
                    elif sub.dep_ == "nsubjpass" and tok.i == pred.i:
                        patient.extend(_np_tokens(sub))  # "X was shot": X is the target
                    elif not (passive and tok.i == pred.i):
                        subject.extend(_np_tokens(sub))
            if tok.head.i == tok.i:
                break
            came_from = tok
            tok = tok.head
        return subject or [], attribution, patient

    def _is_person(self, tok: Token, mentions, clusters) -> bool:
        ids = _actors_in(list(tok.subtree), mentions)
        return bool(ids) and all(clusters[i].kind in ("person", "nominal") and clusters[i].role for i in ids)

    def _speaker(self, speakers: list[Token], mentions, clusters, kind: str | None) -> list[tuple[str, str]]:
        out = []
        for s in speakers:
            ids = _actors_in(list(s.subtree), mentions)
            if ids:
                for i in ids:
                    c = clusters[i]
                    k = kind or ("report" if c.actor_type == "MED" or _is_outlet(c, self.kb) else "statement")
                    out.append((c.name, k))
            elif s.pos_ in ("NOUN", "PROPN"):
                out.append((" ".join(t.text for t in s.subtree), kind or "statement"))
        return out

    def _sentence_attribution(self, sent, pred: Token, mentions, clusters) -> list[tuple[str, str]]:
        """'according to X' anywhere in the sentence attributes its events to X."""
        out = []
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                objs = [g for c in tok.children for g in c.children if g.dep_ == "pobj"] or \
                       [g for g in tok.doc[tok.i + 1].children if g.dep_ == "pobj"]
                for o in objs:
                    ids = _actors_in(list(o.subtree), mentions)
                    if ids:
                        out.extend((clusters[i].name, "citation") for i in ids)
                    else:
                        out.append((" ".join(t.text for t in o.subtree), "citation"))
        return out

    def _objects(self, pred: Token, trigger: Token, topic_object: bool = False) -> list[Token]:
        """Target tokens: objects and objects of target prepositions ("with", "to", "against").

        ``topic_object``: the verb's object is what is talked about ("discussed the war").
        """
        tokens: list[Token] = []
        for head in _heads(pred, trigger):
            for child in head.children:
                if child.dep_ in _OBJECT_DEPS and child.i != trigger.i and not (topic_object and head.i == trigger.i):
                    tokens.extend(_np_tokens(child))
                elif child.dep_ in ("prep",) and child.lower_ in _TARGET_PREPS:
                    for g in child.children:
                        if g.dep_ == "pobj":
                            tokens.extend(_np_tokens(g))
                elif child.dep_ == "prt":
                    for g in child.children:
                        tokens.extend(_np_tokens(g))
        return tokens

    def _date(self, doc: Doc, pred: Token, trigger: Token, sent) -> ResolvedDate | None:
        """The date expression that modifies this event's predicate or trigger.

        A date counts when the path from it up to the predicate (or to a reporting verb above
        the predicate) passes only through prepositions and modifiers: "met on Tuesday",
        "said on Monday that ..." — not "the killing of X in June" or "the invasion two years
        ago" hanging off another noun.
        """
        resolved: dict = doc._.dates or {}
        anchors = {pred.i, trigger.i} | {a.i for a in pred.ancestors if a.pos_ in ("VERB", "AUX")}
        best = None
        for span, r in resolved.items():
            if not (sent.start <= span[0] < sent.end):
                continue
            tok = doc[span[1] - 1]
            while tok.head.i != tok.i and doc[span[0]].i <= tok.head.i < span[1]:
                tok = tok.head  # climb to the date phrase's own root
            steps = 0
            while tok.i not in anchors and tok.head.i != tok.i and tok.dep_ in _DATE_PATH_DEPS:
                tok = tok.head
                steps += 1
            if tok.i in anchors:
                rank = (0 if tok.i in (pred.i, trigger.i) else 1, steps)
            elif DAY_NAME_RE.match(r.text):
                rank = (2, abs(tok.i - pred.i))  # "on Saturday" misattached by the parser to a nearby noun
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, r)
        if best is None:
            return None
        if _future(pred) or _planned(pred):
            return resolve_date(best[1].text, doc._.published_at, prefer="future") or best[1]
        return best[1]

    def _location_tokens(self, pred: Token, trigger: Token) -> list[tuple[int, int]]:
        """Places where the event happened, best first:

        1. locative phrases on the predicate or trigger, then on their objects ("fought
           battles in Khartoum", "killed by a bomb in northern Mali");
        2. the destination of movement ("arrived in Kyiv", "sent aid to Libya", "entered Gaza");
        3. the place a "where" clause hangs on ("travelled to Beijing, where he met ...");
        4. the nearest locative phrase anywhere in the event clause, nouns included ("talks
           in Pretoria", "a rally in Tbilisi"), never inside a reported or subordinate clause.
        """
        spans: list[tuple[int, int]] = []

        def add_place(tok: Token) -> None:
            for t in _np_tokens(tok):
                ent = _place_entity(t)
                if ent is not None:
                    if (ent.start, ent.end) not in spans:
                        spans.append((ent.start, ent.end))
                    return

        heads = _heads(pred, trigger)
        heads += [c for h in list(heads) for c in h.children if c.dep_ in ("dobj", "nsubjpass", "agent")]
        heads += [g for h in list(heads) if h.dep_ == "agent" for g in h.children if g.dep_ == "pobj"]
        for head in heads:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in _LOCATIVE_PREPS:
                    for g in child.children:
                        if g.dep_ == "pobj":
                            add_place(g)
        for head in _heads(pred, trigger):
            if head.lemma_.lower() not in _MOTION_WORDS:
                continue
            for child in head.children:
                if child.dep_ in ("prep", "dative") and child.lower_ in _DESTINATION_PREPS:
                    for g in child.children:
                        if g.dep_ == "pobj":
                            add_place(g)
                elif child.dep_ == "dobj" and head.lemma_.lower() in _PLACE_OBJECT_VERBS:
                    add_place(child)
        clause = pred
        while clause.dep_ in ("conj", "xcomp") and clause.head is not clause:
            clause = clause.head
        if clause.dep_ == "relcl" and any(c.lower_ == "where" for c in clause.children):
            add_place(clause.head)
        # Nearest locative phrase in the event clause; then also in its adverbial and participial
        # clauses ("supporters marching in Conakry"), never in reported or relative clauses.
        for blocked in (_CLAUSE_DEPS, _CLAUSE_DEPS - {"advcl", "acl"}):
            frontier, seen = [pred], {pred.i}
            while frontier and not spans:
                nxt = []
                for tok in frontier:
                    for child in tok.children:
                        if child.i in seen or child.dep_ in blocked:
                            continue
                        seen.add(child.i)
                        if child.dep_ == "prep" and child.lower_ in _LOCATIVE_PREPS:
                            for g in child.children:
                                if g.dep_ == "pobj":
                                    add_place(g)
                        nxt.append(child)
                frontier = nxt
        return spans


def _place_entity(tok: Token):
    """The GPE/LOC/FAC entity a token is part of, if any (token index kept per doc: ``doc.ents``
    builds new spans on every access)."""
    doc = tok.doc
    places = doc.user_data.get("eventwire_places")  # reset by the coder for each document
    if places is None:
        places = doc.user_data["eventwire_places"] = {
            i: e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") for i in range(e.start, e.end)}
    return places.get(tok.i)


def _political(c: DocActor, kb) -> bool:
    """Could this participant make an event political: a country, a known or typed actor, an
    office holder or a crowd? Unknown companies and sports clubs cannot."""
    if c.country or (c.actor_id and not c.actor_id.startswith("GEN_")):
        return True
    if c.actor_type in _POLITICAL_TYPES:
        return True
    return c.kind == "person" and bool(c.role)


def _is_outlet(c: DocActor, kb) -> bool:
    actor = kb.actors.get(c.actor_id) if c.actor_id else None
    return bool(actor and actor.kind == "outlet")


def _subtrees(tokens: list[Token]) -> list[Token]:
    return [t for tok in tokens for t in _np_tokens(tok)]


# Clauses hanging off a noun phrase talk about someone else ("the West Bank, where the
# regime led by X ..."); their actors are not participants of the event.
_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis"}


def _np_tokens(tok: Token) -> list[Token]:
    """A noun phrase's tokens without its relative and other clauses."""
    out = [tok]
    for child in tok.children:
        if child.dep_ in _CLAUSE_DEPS or (child.dep_ == "punct" and child.text in ("--", "—")):
            continue
        out.extend(_np_tokens(child))
    return out


def _actors_in(tokens, mentions: list[Mention], exclude: set[int] = frozenset()) -> list[int]:
    """Clusters of the outermost mentions whose head lies among ``tokens``."""
    idx = {t.i for t in tokens} - set(exclude)
    if not idx:
        return []
    inside = [m for m in mentions if m.head in idx]
    outer = [m for m in inside if not any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in inside)]
    result: list[int] = []
    for m in outer:
        for c in m.clusters:
            if c not in result:
                result.append(c)
    return result


def _negated(pred: Token, trigger: Token) -> bool:
    if any(c.dep_ == "neg" for c in pred.children) or any(c.dep_ == "neg" for c in trigger.children):
        return True
    if any(c.lower_ in ("no", "never") for c in trigger.children if c.dep_ == "det"):
        return True
    head = pred
    while head.dep_ in ("xcomp", "ccomp", "pcomp") and head.head.i != head.i:
        head = head.head
        if head.lemma_.lower() in _NEGATION_HEADS:
            return True
        if any(c.dep_ == "neg" for c in head.children) and head.lemma_.lower() not in ("say", "report"):
            return True
    return False


def _future(pred: Token) -> bool:
    """'will support', 'is ready to send': a stated intention, not a done deed."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in pred.children):
        return True
    head = pred.head
    return pred.dep_ == "xcomp" and head.lower_ in _READY_WORDS


def _would(pred: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "would" for c in pred.children)


def _planned(pred: Token) -> bool:
    """'would hold hearings', 'is to visit', 'plans to meet': dates of these lie ahead."""
    if any(c.dep_ == "aux" and c.lower_ in ("would", "shall") for c in pred.children):
        return True
    return pred.dep_ == "xcomp" and pred.head.lemma_.lower() in ("plan", "be", "schedule", "expect", "set", "due")


def _hypothetical(pred: Token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in pred.children):
        return True
    if pred.lemma_.lower() in _DELIBERATION_VERBS:
        return True  # "are considering sanctions": not yet imposed
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in pred.children):
        return True
    head = pred
    while head.dep_ in ("xcomp", "ccomp", "pcomp", "prep", "pobj") and head.head.i != head.i:
        head = head.head
        if head.lemma_.lower() in _HYPOTHETICAL_HEADS:
            return True
    return False


def _dedupe(items: list) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


# -- merging mentions of the same event ---------------------------------------------------
def _compatible(a: DocActor, b: DocActor) -> bool:
    """Could two clusters be the same actor? Named-vs-named needs the same cluster."""
    if a.index == b.index:
        return True
    if a.named and b.named:
        # An organisation stands in for its member ("leaders of Hamas" ~ a Hamas official).
        org, person = (a, b) if a.kind == "organization" else (b, a)
        return org.kind == "organization" and person.kind == "person" and bool(person.organization) \
            and _norm_eq(org.name, person.organization)
    for attr in ("country", "organization"):
        va, vb = getattr(a, attr), getattr(b, attr)
        if va and vb and not _norm_eq(va, vb):
            return False
    return True


def _strong_pair(a: DocActor, b: DocActor) -> bool:
    """Evidence, beyond mere compatibility, that two participants are the same actor."""
    if a.index == b.index:
        return True
    if a.named != b.named:
        nominal = b if a.named else a
        return bool(nominal.role)  # a titled description matched to a named person
    kinds = {a.kind, b.kind}
    return kinds == {"organization", "person"}  # _compatible checked membership


def _norm_eq(a: str, b: str) -> bool:
    from .kb import norm

    na, nb = norm(a), norm(b)
    return na == nb or na in nb or nb in na


def _maps_into(small: list[int], big: list[int], clusters: list[DocActor]) -> dict[int, int] | None:
    """One-to-one mapping of ``small`` participants onto compatible ones in ``big``."""
    mapping: dict[int, int] = {}
    used: set[int] = set()
    # Exact matches first, then compatible unnamed ones.
    for a in sorted(small, key=lambda i: not clusters[i].named):
        options = [b for b in big if b not in used and _compatible(clusters[a], clusters[b])]
        exact = [b for b in options if b == a]
        choice = exact[0] if exact else (options[0] if options else None)
        if choice is None:
            return None
        mapping[a] = choice
        used.add(choice)
    return mapping


def _specificity(e: CodedEvent, clusters: list[DocActor]) -> tuple:
    """Which mention of an event to keep: most participants named in the sentence itself."""
    return (e.direct_names, sum(clusters[i].named for i in e.participants), len(e.participants), -e.sent_index)


def merge_events(events: list[CodedEvent], clusters: list[DocActor]) -> list[CodedEvent]:
    """Merge events of one type whose participants map onto each other within a few sentences."""
    merged: list[CodedEvent] = []
    for e in events:
        target = None
        for m in merged:
            if m.event_type != e.event_type or m.negated != e.negated or m.hypothetical != e.hypothetical:
                continue
            if abs(e.sent_index - m.sent_index) > MERGE_WINDOW_SENTENCES:
                continue
            if e.date and m.date and e.date.date != m.date.date:
                continue
            small, big = sorted((e, m), key=lambda x: len(x.participants))
            mapping = _maps_into(small.participants, big.participants, clusters) if small.participants else None
            if mapping is None or not any(_strong_pair(clusters[a], clusters[b]) for a, b in mapping.items()):
                continue
            target = m
            break
        if target is None:
            merged.append(e)
            continue
        best, other = (e, target) if _specificity(e, clusters) > _specificity(target, clusters) else (target, e)
        mapping = _maps_into(other.participants, best.participants, clusters) or {}
        for a, b in mapping.items():
            if a != b:
                clusters[b].absorb(clusters[a])
        best.date = best.date or other.date
        best.mode = best.mode or other.mode
        best.location_tokens = best.location_tokens or other.location_tokens
        best.attribution = _dedupe(best.attribution + other.attribution)
        best.sentences = _dedupe(best.sentences + other.sentences)
        best.sent_index = min(best.sent_index, other.sent_index)
        merged[merged.index(target)] = best
    return merged


def inherit_dates(events: list[CodedEvent], published_at) -> list[CodedEvent]:
    """Undated events take the day of the nearest earlier dated event (narrative time).

    Wire copy dates the lead ("on Monday") and tells the rest of the story without dates;
    those sentences are about the same day, not the publication day. Only day-precision
    dates close to publication are inherited, so background ("in 2019 ...") never spreads.
    """
    last: ResolvedDate | None = None
    for e in sorted(events, key=lambda x: x.sent_index):
        if e.date is not None:
            e.date_basis = e.date_basis or "text"
            near = published_at is None or abs((published_at.date() - e.date.date).days) <= CONTEXT_DATE_MAX_DAYS
            if e.date.precision == "day" and near and e.date_basis == "text":
                last = e.date
        elif last is not None:
            e.date, e.date_basis = last, "context"
    return events


@Language.factory("eventwire_coder_v1", requires=["doc._.mentions", "doc._.clusters", "doc._.dates"], assigns=["doc._.events"])
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder()


def _heads(pred: Token, trigger: Token) -> list[Token]:
    return [pred] if pred.i == trigger.i else [pred, trigger]
