"""Actors: mentions, roles and in-document coreference.

The ``eventwire_actors_v1`` component reads ``doc.ents`` and writes

- ``doc._.mentions``: every actor mention (names, titled nominals such as "the Iranian
  foreign minister", numbered groups such as "the two Palestinian leaders", pronouns),
  each with the token extent it covers and the cluster(s) it refers to;
- ``doc._.clusters``: one ``DocActor`` per real-world actor in the document.

Resolution rules, in order: exact or surname match of names; KB aliases; a titled nominal
to the nearest named person whose role, country and organisation agree (looking back, then
a little ahead for lead-paragraph cataphora); a numbered plural to the N most recently
mentioned people that match its nationality; ``he``/``she``/``they`` to the most recent
compatible person or group. Unknown people and groups get ids hashed from their name so
they can be counted across articles.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .kb import KBActor, KnowledgeBase, default_kb, norm, strip_honorifics
from .schema import Actor

# Head nouns that make a noun phrase a reference to a person or a group of people.
TITLE_HEADS = {
    "minister", "president", "premier", "secretary", "leader", "chief", "head", "spokesman", "spokeswoman",
    "spokesperson", "commander", "chairman", "chairwoman", "chair", "king", "queen", "emir", "prince",
    "ambassador", "envoy", "governor", "mayor", "director", "official", "diplomat", "negotiator",
    "representative", "chancellor", "lawmaker", "senator", "prosecutor", "ruler", "foreign minister",
    "general", "counterpart", "delegation", "delegate", "officer", "sultan", "monarch", "pope", "cleric",
}
# Civilian crowds are actors even without a nationality ("protesters stormed ...").
CIVILIAN_HEADS = {"protester", "demonstrator", "crowd", "supporter", "activist", "rioter", "mob", "student", "worker",
                  "doctor", "nurse", "teacher", "farmer", "trader", "driver", "miner", "employee", "lawyer",
                  "journalist", "resident", "villager", "refugee", "migrant", "union", "unionist", "opposition",
                  "hostage", "prisoner", "detainee", "captive", "civilian"}
# Police and soldiers act as actors even when the text gives no nationality ("Police fired ...").
STATE_FORCE_HEADS = {"police", "army", "military", "soldier", "troop", "troops", "force", "forces", "policeman", "officer"}
# Armed men the text does not name ("Gunmen kidnapped ..."): actors without a nationality.
ARMED_HEADS = {"gunman", "attacker", "assailant", "insurgent", "jihadist", "bandit", "kidnapper", "militant", "rebel"}
# Nouns for collective actors that take a nationality: "Iranian officials", "Israeli forces".
GROUP_HEADS = {"official", "forces", "force", "troops", "troop", "soldier", "militant", "fighter", "protester",
               "demonstrator", "police", "authority", "government", "army", "navy", "military", "rebel",
               "people", "nation", "settler", "lawmaker", "diplomat", "delegation", "negotiator", "activist"}
GROUP_TYPES = {"official": "GOV", "government": "GOV", "authority": "GOV", "diplomat": "GOV", "delegation": "GOV",
               "negotiator": "GOV", "lawmaker": "LEG", "forces": "MIL", "force": "MIL", "troops": "MIL",
               "troop": "MIL", "soldier": "MIL", "army": "MIL", "navy": "MIL", "military": "MIL",
               "police": "COP", "militant": "REB", "fighter": "REB", "rebel": "REB", "protester": "CVL",
               "demonstrator": "CVL", "activist": "CVL", "people": "CVL", "nation": "CVL", "settler": "CVL",
               **{h: "CVL" for h in CIVILIAN_HEADS}, **{h: "REB" for h in ARMED_HEADS}}
GROUP_HEADS |= CIVILIAN_HEADS | ARMED_HEADS | {"man", "woman", "leader"}
NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "2": 2, "3": 3, "4": 4, "5": 5}
SINGULAR_PRONOUNS = {"he", "him", "his", "she", "her"}
PLURAL_PRONOUNS = {"they", "them", "their"}
# "Russia said it was withdrawing": 'it' stands for a country or an organisation.
NEUTER_PRONOUNS = {"it", "its"}
# Words that end the title-and-organisation context to the left of a name.
_LEFT_STOP_LEMMAS = {"and", "or", "with", "by", "to", "from", "for", "as", "than", "between", "on", "in", "at"}
# How many sentences ahead a titled nominal may look for its name (lead-paragraph cataphora).
CATAPHORA_SENTENCES = 2

ORG_TYPE_WORDS = {"party": "PTY", "ministry": "GOV", "government": "GOV", "army": "MIL", "forces": "MIL",
                  "brigades": "REB", "movement": "REB", "front": "REB", "news": "MED", "agency": "GOV",
                  "council": "GOV", "union": "IGO", "nations": "IGO", "court": "JUD", "parliament": "LEG"}


@dataclass
class DocActor:
    """One real-world actor in a document (a coreference cluster)."""

    index: int
    name: str
    kind: str  # person | organization | country | nominal
    actor_id: str | None = None
    country: str | None = None
    organization: str | None = None
    role: str | None = None
    actor_type: str | None = None
    named: bool = True
    last_token: int = 0
    texts: list[str] = field(default_factory=list)

    def to_actor(self) -> Actor:
        return Actor(name=self.name, actor_id=self.actor_id, country=self.country, organization=self.organization,
                     role=self.role, actor_type=self.actor_type, text=self.texts[0] if self.texts else None)

    def absorb(self, other: "DocActor") -> None:
        """Fill empty fields from a nominal description of the same actor."""
        for attr in ("country", "organization", "role", "actor_type"):
            if getattr(self, attr) is None and getattr(other, attr) is not None:
                setattr(self, attr, getattr(other, attr))


@dataclass
class Mention:
    start: int
    end: int  # token extent, role context included
    head: int  # token index of the name's last token or the nominal's head noun
    kind: str  # name | nominal | group | pronoun
    label: str  # PERSON ORG GPE NORP NOM PRON
    text: str
    name: str | None = None
    role: str | None = None
    organization: str | None = None
    country: str | None = None
    actor_type: str | None = None
    kb: KBActor | None = None
    plural: bool = False
    number: int | None = None
    refers_to_kind: str | None = None  # for "the country"-style references: what they can point back to
    org_spans: list[tuple[int, int]] = field(default_factory=list)
    clusters: list[int] = field(default_factory=list)

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


def generated_id(kind: str, name: str) -> str:
    """Stable id for an actor not in the KB, so it can be counted across articles."""
    return f"GEN_{kind[:3].upper()}_{hashlib.sha1(norm(name).encode()).hexdigest()[:10]}"


def _is_title_token(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma == "general":
        return tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("secretary", "attorney", "-", "director", "inspector")
    return lemma in TITLE_HEADS or tok.lower_ in TITLE_HEADS or tok.lower_.replace("-", " ").split(" ")[-1] in TITLE_HEADS


def _clean_role(tokens: list[Token]) -> str | None:
    words = [t for t in tokens if t.pos_ not in ("DET", "PUNCT") or t.text == "-"]
    while words and (words[-1].lower_ in ("of", "the", "'s", "’s") or words[-1].text == "-"):
        words = words[:-1]
    while words and words[0].pos_ in ("DET", "ADP"):
        words = words[1:]
    if not words or not any(_is_title_token(t) for t in words):
        return None
    text = ""
    for t in words:
        text += t.text + ("" if t.text == "-" or (t.i + 1 < len(t.doc) and t.doc[t.i + 1].text == "-") else " ")
    return text.strip() or None


class _Context:
    """What a role context (left window or apposition) says about a person."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, start: int, end: int):
        self.role = None
        self.organization = None
        self.org_kb: KBActor | None = None
        self.country = None
        self.org_spans: list[tuple[int, int]] = []
        self.gpe_spans: list[tuple[int, int]] = []
        if start >= end:
            return
        ents = [e for e in doc.user_data.get("eventwire_ents") or doc.ents if e.start >= start and e.end <= end]
        orgs = [e for e in ents if e.label_ == "ORG"]
        if orgs:
            org = orgs[-1]
            self.organization, self.org_kb, org_country = _org_details(kb, doc, org)
            self.country = org_country
            self.org_spans = [(o.start, o.end) for o in orgs]
        for e in ents:
            if e.label_ in ("GPE", "NORP") and not any(o.start <= e.start < o.end for o in orgs):
                self.country = kb.country_of(e.text) or self.country
                if e.label_ == "GPE":
                    self.gpe_spans.append((e.start, e.end))
        # The title ends where the organisation (or a non-possessive place) it belongs to begins.
        def possessive(e: Span) -> bool:
            return e.end < end and doc[e.end].tag_ == "POS"
        first_ent = min((e.start for e in ents if e.label_ == "ORG" or (e.label_ == "GPE" and not possessive(e))), default=end)
        role_tokens = [t for t in doc[start:first_ent] if not (t.ent_type_ in ("GPE", "NORP"))]
        self.role = _clean_role(role_tokens)


def _org_details(kb: KnowledgeBase, doc: Doc, org: Span) -> tuple[str, KBActor | None, str | None]:
    """Canonical name, KB entry and country of an ORG span."""
    text = org.text
    if text.lower().startswith("the "):
        text = text[4:]
    match = _kb_pick(kb.lookup(text), None, None, "organization")
    if match is None and org.ent_id_ and org.ent_id_ in kb.actors:
        match = kb.actors[org.ent_id_]
    if match is None:
        # "the Palestinian Hamas Movement": a KB name inside a longer description.
        words = [t for t in org if t.lower_ != "the"]
        for size in range(len(words) - 1, 0, -1):
            for i in range(len(words) - size + 1):
                sub = words[i:i + size]
                if not sub[0].text[:1].isupper():
                    continue
                found = _kb_pick(kb.lookup(doc[sub[0].i: sub[-1].i + 1].text), None, None, "organization")
                if found is not None:
                    match = found
                    break
            if match is not None:
                break
    if match is not None:
        return match.name, match, match.country
    country = None
    for tok in org:
        if tok.ent_type_ in ("NORP", "GPE") or tok.pos_ in ("PROPN", "ADJ"):
            country = kb.country_of_demonym(tok.text) or (kb.country_of_name(tok.text) if tok.is_title else None)
            if country:
                break
    # "Lebanon's Hezbollah": a possessive country right before the organisation.
    if country is None and org.start >= 2 and doc[org.start - 1].tag_ == "POS":
        country = kb.country_of_name(doc[org.start - 2].text)
    return text, None, country


def _kb_pick(candidates: list[KBActor], role: str | None, country: str | None, kind: str | None,
             on: date | None = None) -> KBActor | None:
    if kind:
        candidates = [c for c in candidates if c.kind == kind or (kind == "organization" and c.kind == "outlet")]
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    def score(c: KBActor) -> tuple:
        r = c.role_on(on)
        return (
            bool(role and r and norm(role).split()[-1] in norm(r.title)),
            bool(country and c.country == country),
            bool(r),
        )
    return max(candidates, key=score)


def _left_window(doc: Doc, ent: Span) -> int:
    """Start of the title/organisation context written before a name."""
    i = ent.start - 1
    sent_start = ent.sent.start
    start = ent.start
    while i >= sent_start:
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX") or tok.lemma_.lower() in _LEFT_STOP_LEMMAS or tok.text in (",", ";", ":", "(", ")", "--", "—", "\"", "“", "”"):
            break
        if tok.ent_type_ == "PERSON":
            break
        if tok.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "ADP", "PART", "NUM", "PUNCT", "CCONJ") or tok.text == "-":
            if tok.pos_ == "ADP" and tok.lower_ != "of":
                break
            if tok.pos_ == "CCONJ":
                break
            start = i
            i -= 1
            continue
        break
    # Only keep a window that actually carries a title or a nationality next to the name.
    if start < ent.start and not any(_is_title_token(t) or t.ent_type_ in ("NORP", "GPE", "ORG") for t in doc[start:ent.start]):
        return ent.start
    return start


def _apposition(doc: Doc, ent: Span) -> tuple[int, int] | None:
    """', the deputy head of X,' right after a name."""
    i = ent.end
    if i + 1 >= len(doc) or doc[i].text != "," or doc[i + 1].pos_ != "DET":
        return None
    j = i + 1
    while j < min(len(doc), ent.sent.end) and doc[j].text not in (",", ";", ".", "--", "—") and doc[j].pos_ not in ("VERB", "AUX"):
        j += 1
    window = doc[i + 1: j]
    if any(_is_title_token(t) for t in window):
        return i + 1, j
    return None


class ActorResolver:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    # -- mentions ------------------------------------------------------------------
    def mentions(self, doc: Doc) -> list[Mention]:
        on = doc._.published_at.date() if doc._.published_at else None
        found: list[Mention] = []
        consumed: set[int] = set()
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                m = self._person(doc, ent, on)
                found.append(m)
                consumed.update(range(m.start, m.end))
        for ent in doc.ents:
            if ent.start in consumed:
                continue
            if ent.label_ == "ORG":
                name, kb_actor, country = _org_details(self.kb, doc, ent)
                otype = kb_actor.actor_type if kb_actor else _org_type_guess(name)
                found.append(Mention(ent.start, ent.end, ent.end - 1, "name", "ORG", ent.text, name=name,
                                     country=country, kb=kb_actor, actor_type=otype,
                                     organization=None))
            elif ent.label_ in ("GPE", "NORP"):
                iso3 = self.kb.country_of(ent.text)
                if iso3:
                    c = self.kb.countries.get(iso3)
                    # "American warplanes struck": a nationality on a non-actor noun is its country.
                    used_as_noun = ent.root.pos_ in ("NOUN", "PROPN") and ent.root.dep_ not in ("amod", "compound")
                    head = ent.end - 1 if ent.label_ == "GPE" or used_as_noun else ent.root.head.i
                    # "Hundreds of Kenyans stormed parliament": a nation's people, not its government.
                    people = ent.label_ == "NORP" and used_as_noun and ent.root.tag_ in ("NNS", "NNPS")
                    found.append(Mention(ent.start, ent.end, head, "name", "GPE", ent.text,
                                         name=c.name if c else ent.text, country=iso3, actor_type="CVL" if people else "GOV"))
        for tok in doc:
            if tok.i in consumed:  # inside a person's name or title context
                continue
            definite = _definite_reference(tok)
            if definite is not None:
                found.append(Mention(tok.i - 1, tok.i + 1, tok.i, "nominal", "DEF", doc[tok.i - 1:tok.i + 1].text,
                                     refers_to_kind=definite))
                continue
            if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound" and (_is_title_token(tok) or tok.lemma_.lower() in GROUP_HEADS):
                m = self._nominal(doc, tok)
                if m is not None:
                    found.append(m)
            elif tok.pos_ == "PRON" and tok.lower_ in SINGULAR_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS:
                found.append(Mention(tok.i, tok.i + 1, tok.i, "pronoun", "PRON", tok.text,
                                     plural=tok.lower_ in PLURAL_PRONOUNS))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return found

    def _person(self, doc: Doc, ent: Span, on: date | None) -> Mention:
        start = _left_window(doc, ent)
        ctx = _Context(self.kb, doc, start, ent.start)
        end = ent.end
        appos = _apposition(doc, ent)
        if appos and ctx.role is None:
            actx = _Context(self.kb, doc, *appos)
            if actx.role:
                ctx = actx
                end = appos[1]
        name = strip_honorifics(ent.text)
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        kb_actor = _kb_pick(self.kb.lookup(name, kind="person"), ctx.role, ctx.country, "person", on)
        if kb_actor is None and ent.ent_id_ in self.kb.actors:
            kb_actor = self.kb.actors[ent.ent_id_]
        if kb_actor is None:  # a spelling the KB lacks: "al-Aruri" for al-Arouri
            kb_actor = _kb_pick(self.kb.fuzzy_lookup(name, kind="person"), ctx.role, ctx.country, "person", on)
        country = ctx.country
        organization = ctx.organization
        role = ctx.role
        if kb_actor is not None:
            kb_role = kb_actor.role_on(on)
            country = country or (kb_role.country if kb_role else None) or kb_actor.country
            if kb_role:
                role = role or kb_role.title
                if organization is None and kb_role.organization:
                    org = self.kb.actors.get(kb_role.organization)
                    organization = org.name if org else kb_role.organization
        if country is None and ctx.org_kb is not None:
            country = ctx.org_kb.country
        return Mention(start, end, ent.end - 1, "name", "PERSON", doc[start:end].text,
                       name=kb_actor.name if kb_actor else name, role=role, organization=organization,
                       country=country, kb=kb_actor,
                       actor_type=(kb_actor.actor_type if kb_actor else None) or _person_type(role, ctx.org_kb),
                       org_spans=ctx.org_spans)

    def _nominal(self, doc: Doc, head: Token) -> Mention | None:
        left = [t for t in head.lefts if t.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "predet")]
        start = min([t.left_edge.i for t in left] + [head.i])
        end = head.i + 1
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                end = max(end, max(t.i for t in _of_phrase(child)) + 1)
        span = doc[start:end]
        dets = [t.lower_ for t in head.lefts if t.dep_ in ("det", "predet", "poss")]
        number = next((NUMBER_WORDS[t.lower_] for t in head.lefts if t.lower_ in NUMBER_WORDS), None)
        if number is None and any(d == "both" for d in dets):
            number = 2
        plural = head.tag_ in ("NNS", "NNPS") or number is not None
        ctx = _Context(self.kb, doc, start, end)
        country = ctx.country
        lemma = head.lemma_.lower()
        is_title = _is_title_token(head)
        if not is_title and country is None and not ctx.org_spans and lemma not in CIVILIAN_HEADS | ARMED_HEADS | STATE_FORCE_HEADS \
                and number is None:
            return None  # "people", "forces" without a nationality are not actors we can name
        role = ctx.role if is_title else None
        if is_title and role is None:
            role = _clean_role(list(doc[start:head.i + 1]))
        return Mention(start, end, head.i, "group" if plural else "nominal", "NOM", span.text,
                       name=None, role=role, organization=ctx.organization, country=country,
                       actor_type=(ctx.org_kb.actor_type if ctx.org_kb else None) or GROUP_TYPES.get(lemma) or ("GOV" if is_title else None),
                       plural=plural, number=number, org_spans=ctx.org_spans + ctx.gpe_spans)

    # -- coreference -----------------------------------------------------------------
    def resolve(self, doc: Doc, mentions: list[Mention]) -> list[DocActor]:
        clusters: list[DocActor] = []
        groups: list[tuple[int, list[int], str]] = []  # (token, cluster ids, head lemma) of resolved plurals
        on = doc._.published_at.date() if doc._.published_at else None
        sent_of = {t.i: s_i for s_i, s in enumerate(doc.sents) for t in s}

        def new_cluster(m: Mention, name: str, kind: str, named: bool = True) -> int:
            c = DocActor(len(clusters), name=name, kind=kind, country=m.country, organization=m.organization,
                         role=m.role, actor_type=m.actor_type, named=named, last_token=m.head, texts=[m.text])
            if m.kb is not None:
                c.actor_id = m.kb.actor_id
            elif kind == "country":
                c.actor_id = f"CTRY_{m.country}"
            elif named:
                c.actor_id = generated_id(kind, name)
            clusters.append(c)
            return c.index

        def attach(m: Mention, idx: int) -> None:
            c = clusters[idx]
            c.last_token = max(c.last_token, m.head)
            c.texts.append(m.text)
            if m.kind == "name":
                c.absorb(DocActor(-1, "", "", country=m.country, organization=m.organization, role=m.role, actor_type=m.actor_type))
            m.clusters.append(idx)

        persons = lambda: [c for c in clusters if c.kind == "person" and c.named]
        for m in mentions:
            if m.kind == "name":
                kind = {"PERSON": "person", "ORG": "organization", "GPE": "country"}[m.label]
                match = None
                for c in clusters:
                    if c.kind != kind:
                        continue
                    if (m.kb and c.actor_id == m.kb.actor_id) or (kind == "country" and c.country == m.country) \
                            or (kind != "country" and _same_name(c.name, m.name or m.text)):
                        match = c.index
                        break
                if match is None:
                    match = new_cluster(m, m.name or m.text, kind)
                attach(m, match)
            elif m.label == "DEF":
                match = _definite_antecedent(m, clusters, self.kb)
                if match is not None:
                    attach(m, match)
            elif m.kind == "nominal" and m.role:
                match = self._antecedent_for_title(m, persons(), clusters, sent_of, doc, mentions)
                if match is None:
                    holders = self.kb.holders(m.role, m.country, on) if m.country else []
                    if len(holders) == 1:
                        kb_m = Mention(m.start, m.end, m.head, "name", "PERSON", m.text, name=holders[0].name,
                                       role=m.role, country=m.country, kb=holders[0], actor_type=holders[0].actor_type)
                        match = new_cluster(kb_m, holders[0].name, "person")
                    else:
                        match = new_cluster(m, _describe(m), "nominal", named=False)
                attach(m, match)
            elif m.kind == "nominal":
                attach(m, new_cluster(m, _describe(m), "nominal", named=False))
            elif m.kind == "group":
                members = self._group_members(m, persons(), groups, doc)
                if members:
                    for idx in members:
                        attach(m, idx)
                    groups.append((m.head, members, doc[m.head].lemma_.lower()))
                elif m.org_spans:
                    for s, e in m.org_spans:
                        org_m = next((x for x in mentions if x.label in ("ORG", "GPE") and x.start == s), None)
                        if org_m is not None and org_m.clusters:
                            m.clusters.extend(c for c in org_m.clusters if c not in m.clusters)
                    if not m.clusters:
                        attach(m, new_cluster(m, _describe(m), "nominal", named=False))
                else:
                    attach(m, new_cluster(m, _describe(m), "nominal", named=False))
            elif m.kind == "pronoun":
                self._resolve_pronoun(m, clusters, groups, sent_of, doc)
        # Orgs seen inside titled mentions resolve later than their containers: link late.
        for m in mentions:
            if m.kind == "group" and not m.clusters:
                for s, e in m.org_spans:
                    org_m = next((x for x in mentions if x.label in ("ORG", "GPE") and x.start == s), None)
                    if org_m is not None:
                        m.clusters.extend(org_m.clusters)
        self._kb_roles(clusters, on)
        return clusters

    def _kb_roles(self, clusters: list[DocActor], on: date | None) -> None:
        """A KB person's office on the article date beats a title paraphrased in the text."""
        for c in clusters:
            actor = self.kb.actors.get(c.actor_id or "")
            role = actor.role_on(on) if actor is not None and actor.kind == "person" and on is not None else None
            if role is None:
                continue
            c.role = role.title
            org = self.kb.actors.get(role.organization or "")
            if org is not None:
                c.organization = org.name
            c.country = role.country or c.country

    def _antecedent_for_title(self, m: Mention, persons: list[DocActor], clusters: list[DocActor],
                              sent_of: dict[int, int], doc: Doc, mentions: list[Mention]) -> int | None:
        def compatible(c: DocActor) -> bool:
            if not c.role or not _role_match(m.role, c.role):
                return False
            if m.country and c.country and m.country != c.country:
                return False
            if m.organization and c.organization and norm(m.organization) not in norm(c.organization) and norm(c.organization) not in norm(m.organization):
                return False
            return True
        earlier = [c for c in persons if c.last_token < m.start and compatible(c)]
        if earlier:
            return max(earlier, key=lambda c: c.last_token).index
        # Cataphora: "The secretary general of X met ... . Sayyed Y met ..." — look a little ahead.
        my_sent = sent_of.get(m.head, 0)
        for later in mentions:
            if later.start <= m.end or later.kind != "name" or later.label != "PERSON":
                continue
            if sent_of.get(later.head, 0) - my_sent > CATAPHORA_SENTENCES:
                break
            probe = DocActor(-1, later.name or later.text, "person", country=later.country,
                             organization=later.organization, role=later.role)
            if compatible(probe):
                for c in persons:
                    if _same_name(c.name, probe.name):
                        return c.index
                return None  # resolved when the name itself is reached; keep nominal separate
        return None

    def _group_members(self, m: Mention, persons: list[DocActor], groups: list, doc: Doc) -> list[int]:
        lemma = doc[m.head].lemma_.lower()
        earlier = [c for c in persons if c.last_token < m.start]
        in_country = [c for c in earlier if c.country == m.country] if m.country else earlier
        in_org = [c for c in earlier if c.organization and _org_match(m.organization, c.organization)] if m.organization else []
        candidates = in_country
        if m.organization:
            both = [c for c in in_country if c in in_org]
            either = [c for c in earlier if c in in_country or c in in_org]
            # "the two Egyptian and Arab League officials" names a mixed group; an umbrella
            # ("Palestinian Resistance leaders") may span several organisations.
            for option in (both, either, in_country):
                if not m.number or len(option) >= m.number:
                    candidates = option
                    break
        candidates.sort(key=lambda c: c.last_token, reverse=True)
        if m.number:
            return [c.index for c in candidates[: m.number]] if len(candidates) >= m.number else []
        # Unnumbered plural: the most recent group with the same head noun, if close by.
        for token, members, head_lemma in reversed(groups):
            if head_lemma == lemma and m.start - token < 120:
                return list(members)
        return []

    def _resolve_pronoun(self, m: Mention, clusters: list[DocActor], groups: list, sent_of: dict[int, int], doc: Doc) -> None:
        my_sent = sent_of.get(m.head, 0)
        if m.plural:
            for token, members, _ in reversed(groups):
                if my_sent - sent_of.get(token, 0) <= 2 and token < m.start:
                    m.clusters.extend(members)
                    return
            return
        if m.text.lower() in NEUTER_PRONOUNS:
            # The nearest country or organisation of this or the previous sentence; a subject wins.
            bodies = [c for c in clusters if c.kind in ("country", "organization") and c.last_token < m.start
                      and my_sent - sent_of.get(c.last_token, 0) <= 1]
            if bodies:
                best = max(bodies, key=lambda c: (doc[c.last_token].dep_ in ("nsubj", "nsubjpass"), c.last_token))
                m.clusters.append(best.index)
            return
        persons = [c for c in clusters if c.kind == "person" and c.last_token < m.start
                   and my_sent - sent_of.get(c.last_token, 0) <= 2]
        if persons:
            best = max(persons, key=lambda c: c.last_token)
            m.clusters.append(best.index)

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data["eventwire_ents"] = tuple(doc.ents)  # doc.ents builds new spans on every access
        try:
            mentions = self.mentions(doc)
            doc._.mentions = mentions
            doc._.clusters = self.resolve(doc, mentions)
        finally:
            del doc.user_data["eventwire_ents"]
        return doc


def _of_phrase(prep: Token) -> list[Token]:
    """An 'of ...' phrase without its dates, clauses and other prepositions
    ('leaders of the G7 democracies on Sunday' -> 'of the G7 democracies')."""
    out = [prep]
    for child in prep.children:
        if child.ent_type_ in ("DATE", "TIME") or child.dep_ in ("relcl", "acl", "advcl", "punct"):
            continue
        if child.dep_ == "prep" and child.lower_ != "of":
            continue
        out.extend(_of_phrase(child))
    return out


# "the country", "the bloc": a definite description with no other words refers back to the
# most recent actor of its kind. Value: the cluster kind or organisation types it can take.
DEFINITE_HEADS = {"country": "country", "nation": "country", "kingdom": "country", "republic": "country",
                  "government": "country", "bloc": "IGO", "alliance": "IGO", "organisation": "org",
                  "organization": "org", "group": "REB|PTY", "movement": "REB|PTY", "militia": "REB",
                  "party": "PTY", "army": "MIL", "military": "MIL"}


def _definite_reference(tok: Token) -> str | None:
    """The kind a bare "the <noun>" refers to, or None when the noun has other modifiers."""
    kind = DEFINITE_HEADS.get(tok.lower_)
    if kind is None or tok.pos_ != "NOUN" or tok.i == 0 or tok.dep_ == "compound":
        return None
    if [t.lower_ for t in tok.lefts] != ["the"] or any(t.dep_ in ("prep", "appos") for t in tok.rights):
        return None  # "the Islamic group", "the group of experts"
    return kind


def _definite_antecedent(m: Mention, clusters: list[DocActor], kb: KnowledgeBase) -> int | None:
    """The most recently mentioned cluster that a bare definite description fits. Countries
    named only by an adjective ("the French ambassador") are not what "the country" means."""
    wanted = m.refers_to_kind or ""
    for c in sorted(clusters, key=lambda c: -c.last_token):
        if c.last_token >= m.start:
            continue
        if wanted == "country":
            if c.kind == "country" and not all(kb.country_of_demonym(t) for t in c.texts):
                return c.index
        elif c.kind == "organization" and (wanted == "org" or (c.actor_type or "") in wanted.split("|")):
            return c.index
    return None


def _same_name(a: str, b: str) -> bool:
    na, nb = norm(strip_honorifics(a)), norm(strip_honorifics(b))
    if na == nb:
        return True
    wa, wb = na.split(), nb.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    # Surname reference: "al-Arouri" for "Saleh al-Arouri" ("al" alone does not count).
    if len(short) >= 1 and long_[-len(short):] == short and len("".join(short)) > 3:
        return True
    # Family name first: "Kim" for "Kim Jong Un", "Lai" for "Lai Ching-te" (three-part names only).
    return len(short) == 1 and len(long_) >= 3 and long_[0] == short[0] and len(short[0]) >= 2


# "the Russian leader" is whoever leads: a head of state or government, a party or group leader.
_LEADING_OFFICES = {"president", "prime", "chancellor", "king", "queen", "emir", "sultan", "leader", "premier",
                    "secretary general", "chairman", "head"}


def _role_match(nominal_role: str, role: str) -> bool:
    a = set(norm(nominal_role).split()) - {"of", "the"}
    b = set(norm(role).split()) - {"of", "the"}
    if a and a <= {"leader", "head", "chief", "ruler"}:
        return any(word in _LEADING_OFFICES for word in b) or "secretary general" in norm(role)
    heads = {w for w in a if w in TITLE_HEADS} or a
    return bool(heads) and heads <= b and (not (a - b) or len(a & b) >= 2)


def _org_match(a: str, b: str) -> bool:
    na, nb = norm(a), norm(b)
    return na in nb or nb in na


def _describe(m: Mention) -> str:
    text = re.sub(r"^(the|a|an|its|their|his|her)\s+", "", m.text, flags=re.IGNORECASE)
    return text


def _org_type_guess(name: str) -> str | None:
    for word in reversed(norm(name).split()):
        if word in ORG_TYPE_WORDS:
            return ORG_TYPE_WORDS[word]
    return None


def _person_type(role: str | None, org: KBActor | None) -> str | None:
    if org is not None and org.actor_type:
        return org.actor_type
    if role and any(w in norm(role) for w in ("minister", "president", "prime", "chancellor", "king", "emir", "ambassador", "envoy", "secretary of state")):
        return "GOV"
    if role and any(w in norm(role) for w in ("commander", "general", "chief of staff")):
        return "MIL"
    return None


@Language.factory(
    "eventwire_actors_v1",
    requires=["doc.ents", "token.dep", "token.lemma"],
    assigns=["doc._.mentions", "doc._.clusters"],
)
def make_actor_resolver(nlp: Language, name: str) -> ActorResolver:
    return ActorResolver(default_kb())
