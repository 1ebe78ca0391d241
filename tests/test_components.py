"""Each eventwire spaCy component, alone on a hand-built Doc."""

from __future__ import annotations

from datetime import datetime

import spacy
from spacy.tokens import Doc, Span

from eventwire.kb import KnowledgeBase
from eventwire.nlp import EntityFixer
from eventwire.dates import DateResolver

KB = KnowledgeBase.from_rows(
    [{"iso3": "PSE", "name": "Palestine", "demonyms": ["Palestinian"]}],
    [{"actor_id": "MED_TEST_TV", "kind": "outlet", "name": "Channel Nine Beirut", "actor_type": "MED", "country": "LBN"}],
)


def _doc(words, ents, pos=None):
    vocab = spacy.blank("en").vocab
    doc = Doc(vocab, words=words, pos=pos or ["PROPN"] * len(words))
    doc.ents = [Span(doc, s, e, label=l) for s, e, l in ents]
    return doc


def test_fixer_splits_person_glued_to_organisation():
    words = ["the", "Popular", "Front", "Movement", "Ahmad", "al", "-", "Zaidi", "spoke"]
    pos = ["DET", "PROPN", "PROPN", "PROPN", "PROPN", "PROPN", "PUNCT", "PROPN", "VERB"]
    doc = EntityFixer(KB)(_doc(words, [(0, 8, "ORG")], pos))
    assert [(e.text, e.label_) for e in doc.ents] == [("the Popular Front Movement", "ORG"), ("Ahmad al - Zaidi", "PERSON")]


def test_fixer_relabels_surname_and_kb_outlet():
    words = ["Ahmad", "Zaidi", "met", "Zaidi", "Channel", "Nine", "Beirut", "said"]
    doc = EntityFixer(KB)(_doc(words, [(0, 2, "PERSON"), (3, 4, "ORG"), (4, 7, "PERSON")]))
    labels = [(e.text, e.label_, e.ent_id_) for e in doc.ents]
    assert labels == [("Ahmad Zaidi", "PERSON", ""), ("Zaidi", "PERSON", ""), ("Channel Nine Beirut", "ORG", "MED_TEST_TV")]


def test_date_resolver_writes_resolved_spans():
    if not Doc.has_extension("published_at"):
        import eventwire.nlp  # noqa: F401  (registers extensions)
    words = ["They", "met", "on", "Thursday", "and", "in", "recent", "years"]
    doc = _doc(words, [(3, 4, "DATE"), (6, 8, "DATE")])
    doc._.published_at = datetime(2023, 9, 2, 12, 0)
    DateResolver()(doc)
    assert {k: (v.date.isoformat(), v.precision) for k, v in doc._.dates.items()} == {(3, 4): ("2023-08-31", "day")}


def test_pipeline_declares_component_order(nlp):
    names = nlp.pipe_names
    order = ["ner", "eventwire_kb_ruler", "eventwire_entity_fixer_v1", "eventwire_actors_v1", "eventwire_dates_v1", "eventwire_coder_v1"]
    assert [n for n in names if n in order] == order


def test_actor_component_resolves_titles_groups_and_pronouns(nlp):
    from eventwire.pipeline import make_doc
    from eventwire import parse_text_article

    text = ("Nigerian President Bola Tinubu met Ghanaian President Nana Akufo-Addo and Senegalese President Macky Sall. "
            "The two West African leaders later spoke to reporters. The Nigerian president said he was hopeful.")
    article = parse_text_article("T\n\n2023-08-10 10:00:00\n\n" + text, "t.txt")
    doc = nlp(make_doc(nlp, article))
    clusters = doc._.clusters
    by_text = {m.text: [clusters[i].name for i in m.clusters] for m in doc._.mentions}
    assert by_text["The Nigerian president"] == ["Bola Tinubu"]
    assert by_text["he"] == ["Bola Tinubu"]
    tinubu = next(c for c in clusters if c.name == "Bola Tinubu")
    assert (tinubu.country, tinubu.role) == ("NGA", "President")
