"""Score mention-level actor resolution (``eventwire_actors_v1``) against gold mentions.

Gold: bench/gold/actor_mentions.jsonl, one line per mention of the demo corpus
(``{"file", "mention", "occurrence", "kind", "refers_to": [{"actor_id", "name", "country",
"role", "organization"}]}``). ``occurrence`` counts exact, case-sensitive, overlapping
substring hits in the article *body* (the lines after the timestamp, minus a repeated
headline); the body's paragraphs are found again in ``Article.text`` to get character spans.

Matching a gold mention to a system ``Mention`` (one system mention per gold mention, a
system mention may serve several gold mentions):
- *core* overlap: the gold span overlaps the mention's core — the NER span of a person's name
  (the mention's token extent also holds its title/apposition), the whole extent of a
  country/organisation name, the head token of a nominal, group or pronoun. A gold nominal
  or group matches a name mention this way only when the name stands for the whole phrase
  (its head is the phrase's last word: "The Israeli captives" read as Israel), not when it
  is a modifier ("China's" in "China's foreign ministry");
- *context* overlap, for titled gold nominals and groups only: the gold span overlaps a
  person mention's extent ("the secretary of Iran's SNSC" in "Ali Shamkhani, the secretary of ...").
Candidates rank by (core, kind compatible, head token inside the gold span, overlap length).

Resolution: the matched mention's clusters are its referents. A referent is correct when
its id equals the gold ``actor_id`` (``CTRY_IRN`` / a country cluster's country -> ``IRN``;
for a gold country id an unnamed description with that country also counts: "Iranian
officials" -> IRN); for a gold referent without id, when the names match (normalised,
contiguous word containment, so a surname counts) or, for a gold referent without a role
(not a particular person) and an unnamed system cluster, when the countries agree.
Precision = correct / system referents of gold mentions, recall = correct / gold referents
(micro). KB-linked accuracy: gold mentions with KB ids whose referents hold all of them.
Role accuracy: gold referents with a role whose correct system referent has that role
(normalised containment either way). Country accuracy: gold referents with a country and
any system referent aligned to them (right or wrong actor) with that country.
Detection precision counts system mentions of the annotated articles (all kinds are
comparable: PERSON/ORG -> name, GPE/NORP -> country, nominal, group, pronoun).

Usage: python bench/score_actors.py [--json out.json] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import split_of  # noqa: E402

from eventwire.actors import TITLE_HEADS  # noqa: E402
from eventwire.cleaning import normalize_line  # noqa: E402
from eventwire.demo import corpus_dir, demo_articles  # noqa: E402
from eventwire.ingest import parse_timestamp  # noqa: E402
from eventwire.kb import default_kb, norm, strip_honorifics  # noqa: E402
from eventwire.pipeline import make_doc  # noqa: E402

ACTOR_GOLD = Path(__file__).resolve().parent / "gold" / "actor_mentions.jsonl"
GOLD_KINDS = ("name", "nominal", "group", "pronoun", "country")
SPLITS = ("dev", "heldout", "all")
# Which system mention labels a gold kind is most like (a ranking preference, not a filter).
COMPATIBLE = {"name": {"PERSON", "ORG", "GPE"}, "country": {"GPE", "ORG"}, "nominal": {"NOM", "PERSON", "ORG"},
              "group": {"NOM"}, "pronoun": {"PRON"}}
# Gold kinds that may match a system mention through its title/apposition context.
CONTEXT_KINDS = {"nominal", "group"}
# A shared name part shorter than this ("al") is not a surname match.
MIN_NAME_CHARS = 4


# -- gold -------------------------------------------------------------------------------

def load_gold(path: Path = ACTOR_GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def body_paragraphs(raw: str) -> list[str]:
    """The body as the gold counts it: lines after the timestamp, minus a repeated headline."""
    lines = [normalize_line(l) for l in raw.splitlines()]
    headline = next((l for l in lines if l), "")
    stamp = next((i for i, l in enumerate(lines) if l and parse_timestamp(l) is not None), None)
    rest = [l for l in (lines[stamp + 1:] if stamp is not None else lines[1:]) if l]
    if rest and rest[0] == headline:
        rest = rest[1:]
    return rest


class SpanLocator:
    """Gold (mention, occurrence) -> character span in ``Article.text``."""

    def __init__(self, raw: str, text: str):
        self.body = ""
        self.offsets: list[tuple[int, int, int | None]] = []  # (body start, body end, text start)
        cursor = 0
        for para in body_paragraphs(raw):
            if self.body:
                self.body += "\n\n"
            found = text.find(para, cursor)  # junk lines the cleaner dropped are not found
            self.offsets.append((len(self.body), len(self.body) + len(para), found if found >= 0 else None))
            if found >= 0:
                cursor = found + len(para)
            self.body += para

    def span(self, mention: str, occurrence: int) -> tuple[int, int] | None:
        pos, seen = -1, 0
        while seen < occurrence:
            pos = self.body.find(mention, pos + 1)
            if pos < 0:
                return None
            seen += 1
        for b_start, b_end, t_start in self.offsets:
            if b_start <= pos and pos + len(mention) <= b_end:
                return None if t_start is None else (t_start + pos - b_start, t_start + pos - b_start + len(mention))
        return None


# -- system -----------------------------------------------------------------------------

@dataclass
class SysMention:
    mention: object  # eventwire.actors.Mention
    extent: tuple[int, int]
    core: tuple[int, int]
    head: tuple[int, int]
    kind: str  # the gold kind it corresponds to
    matched: bool = False


def system_kind(m) -> str:
    if m.label == "GPE":
        return "country"
    if m.label in ("PERSON", "ORG"):
        return "name"
    return m.kind


def system_mentions(doc) -> list[SysMention]:
    ent_of = {t: e for e in doc.ents for t in range(e.start, e.end)}
    out = []
    for m in doc._.mentions or []:
        extent = (doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
        head_tok = doc[m.head]
        head = (head_tok.idx, head_tok.idx + len(head_tok))
        if m.label == "PERSON" and m.head in ent_of:
            core = (ent_of[m.head].start_char, ent_of[m.head].end_char)
        elif m.label in ("GPE", "ORG"):
            core = extent  # a nationality's head is the noun it modifies: keep to the name
        else:
            core = head
        out.append(SysMention(m, extent, core, head, system_kind(m)))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _titled(text: str) -> bool:
    """Does a gold nominal name an office ("the secretary of ...")? Then it may be the
    title context of a system person mention."""
    return any(w in TITLE_HEADS or w.rstrip("s") in TITLE_HEADS for w in norm(text).split())


def match_mention(span: tuple[int, int], gold: dict, mentions: list[SysMention]) -> SysMention | None:
    kind = gold["kind"]
    best, best_key = None, None
    for sm in mentions:
        compatible = sm.mention.label in COMPATIBLE[kind]
        core = _overlap(span, sm.core) > 0
        # "The Israeli captives": a nationality standing for the noun it modifies (its head)
        # is a reading of the whole phrase; "China's" in "China's foreign ministry" is not.
        stands_for = sm.head[0] < span[1] <= sm.head[1]
        if core and (compatible or kind not in CONTEXT_KINDS or stands_for):
            pass
        elif not (kind in CONTEXT_KINDS and sm.mention.label == "PERSON" and _overlap(span, sm.extent) > 0
                  and _titled(gold["mention"])):
            continue
        key = (core, compatible, span[0] <= sm.head[0] and sm.head[1] <= span[1], _overlap(span, sm.extent))
        if best_key is None or key > best_key:
            best, best_key = sm, key
    return best


def system_id(cluster) -> str | None:
    """A cluster's identity key: KB or generated id, countries as ISO-3."""
    if cluster.kind == "country":
        if cluster.country:
            return cluster.country
        return cluster.actor_id[5:] if cluster.actor_id and cluster.actor_id.startswith("CTRY_") else cluster.actor_id
    if cluster.actor_id and cluster.actor_id.startswith("CTRY_"):
        return cluster.actor_id[5:]
    return cluster.actor_id


def names_match(a: str | None, b: str | None) -> bool:
    """Same name after normalising, or one a contiguous run of the other's words (a surname)."""
    if not a or not b:
        return False
    na, nb = norm(strip_honorifics(a)).split(), norm(strip_honorifics(b)).split()
    if not na or not nb:
        return False
    short, long_ = (na, nb) if len(na) <= len(nb) else (nb, na)
    if len("".join(short)) < MIN_NAME_CHARS:
        return short == long_
    return any(long_[i:i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def referent_correct(gold: dict, cluster) -> bool:
    sid = system_id(cluster)
    gid = gold.get("actor_id")
    if gid:
        if sid == gid:
            return True
        # A gold country referent described without a name: "Iranian officials" -> IRN.
        return gid in default_kb().countries and not cluster.named and cluster.country == gid
    if names_match(gold.get("name"), cluster.name):
        return True
    return not gold.get("role") and not cluster.named and bool(gold.get("country")) and cluster.country == gold["country"]


def roles_match(gold: str, system: str | None) -> bool:
    if not system:
        return False
    g, s = norm(gold), norm(system)
    return g in s or s in g


def _label(cluster) -> str:
    sid = system_id(cluster)
    return f"{cluster.name} [{sid}]" if sid and sid != cluster.name else cluster.name


# -- scoring ----------------------------------------------------------------------------

@dataclass
class Tally:
    gold: int = 0
    detected: int = 0
    gold_refs: int = 0
    sys_refs: int = 0
    correct: int = 0
    kb_n: int = 0
    kb_ok: int = 0
    role_n: int = 0
    role_ok: int = 0
    country_n: int = 0
    country_ok: int = 0

    def report(self) -> dict:
        p = self.correct / self.sys_refs if self.sys_refs else 0.0
        r = self.correct / self.gold_refs if self.gold_refs else 0.0
        ratio = lambda a, b: round(a / b, 3) if b else None  # noqa: E731
        return {
            "gold_mentions": self.gold, "detection_recall": ratio(self.detected, self.gold),
            "resolution": {"precision": round(p, 3), "recall": round(r, 3),
                           "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                           "gold_referents": self.gold_refs, "system_referents": self.sys_refs, "correct": self.correct},
            "kb_linked_accuracy": ratio(self.kb_ok, self.kb_n), "kb_linked_mentions": self.kb_n,
            "role_accuracy": ratio(self.role_ok, self.role_n), "role_n": self.role_n,
            "country_accuracy": ratio(self.country_ok, self.country_n), "country_n": self.country_n,
        }


@dataclass
class Outcome:
    """One gold mention as the system read it."""

    row: dict
    span: tuple[int, int] | None
    matched: SysMention | None
    pairs: list[tuple[dict | None, object | None, bool]] = field(default_factory=list)  # (gold ref, cluster, correct)
    sentence: str = ""

    @property
    def correct(self) -> bool:
        return all(ok for _, _, ok in self.pairs)


def resolve_gold_mention(row: dict, span, mentions: list[SysMention], clusters) -> Outcome:
    sm = match_mention(span, row, mentions) if span else None
    out = Outcome(row, span, sm)
    refs = list(dict.fromkeys(sm.mention.clusters)) if sm else []
    left = [clusters[i] for i in refs]
    wrong_gold = []
    for g in row["refers_to"]:
        hit = next((c for c in left if referent_correct(g, c)), None)
        if hit is None:
            wrong_gold.append(g)
        else:
            left.remove(hit)
            out.pairs.append((g, hit, True))
    for i, g in enumerate(wrong_gold):  # what the system said instead, in order
        out.pairs.append((g, left[i] if i < len(left) else None, False))
    for c in left[len(wrong_gold):]:
        out.pairs.append((None, c, False))
    return out


def tally(t: Tally, o: Outcome) -> None:
    t.gold += 1
    t.detected += o.matched is not None
    t.gold_refs += len(o.row["refers_to"])
    t.sys_refs += sum(c is not None for _, c, _ in o.pairs)
    t.correct += sum(ok for _, _, ok in o.pairs)
    kb_ids = {g["actor_id"] for g in o.row["refers_to"] if g.get("actor_id")}
    if kb_ids:
        t.kb_n += 1
        got = {system_id(c) for _, c, _ in o.pairs if c is not None}
        t.kb_ok += kb_ids <= got
    for g, c, ok in o.pairs:
        if g is None:
            continue
        if g.get("role") and ok:
            t.role_n += 1
            t.role_ok += roles_match(g["role"], c.role)
        if g.get("country") and c is not None:
            t.country_n += 1
            t.country_ok += c.country == g["country"]


def run_system(files: set[str], nlp=None) -> dict[str, tuple]:
    """file name -> (article, doc) for the demo articles the gold annotates, matched by the
    article's source path or, failing that, by its title (the file's first line)."""
    from eventwire.nlp import load_pipeline

    nlp = nlp or load_pipeline()
    by_title = {}
    for fname in files:
        path = corpus_dir() / fname
        if path.exists():
            by_title[normalize_line(next(iter(path.read_text(encoding="utf-8").splitlines()), ""))] = fname
    chosen = []
    for a in demo_articles():
        fname = Path(a.source_path).name if a.source_path else None
        fname = fname if fname in files else by_title.get(normalize_line(a.title or ""))
        if fname:
            chosen.append((fname, a))
    docs = nlp.pipe(make_doc(nlp, a) for _, a in chosen)
    return {fname: (a, d) for (fname, a), d in zip(chosen, docs)}


def evaluate(gold_path: Path = ACTOR_GOLD, nlp=None) -> dict:
    """Scores per split and per gold kind, detection precision per system kind, confusions
    and every wrong gold mention (``report["errors"]``)."""
    rows = load_gold(gold_path)
    by_file: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_file[row["file"]].append(row)
    system = run_system(set(by_file), nlp)
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    det: dict[tuple[str, str], Counter] = defaultdict(Counter)
    confusions: Counter = Counter()
    errors, unlocated, missing_files = [], [], sorted(set(by_file) - set(system))
    for fname, (article, doc) in system.items():
        split = split_of(fname)
        locator = SpanLocator((corpus_dir() / fname).read_text(encoding="utf-8"), article.text)
        mentions = system_mentions(doc)
        for row in by_file[fname]:
            span = locator.span(row["mention"], row["occurrence"])
            if span is None:
                unlocated.append(f'{fname}: {row["mention"]!r} #{row["occurrence"]}')
            o = resolve_gold_mention(row, span, mentions, doc._.clusters or [])
            if o.matched is not None:
                o.matched.matched = True
            for part in (split, "all"):
                tally(tallies[(part, row["kind"])], o)
                tally(tallies[(part, "overall")], o)
            if not o.correct:
                if span is not None:
                    sent = doc.char_span(*span, alignment_mode="expand")
                    o.sentence = sent.sent.text.strip() if sent is not None else ""
                for g, c, ok in o.pairs:
                    if ok:
                        continue
                    said = _label(c) if c is not None else ("(no mention)" if o.matched is None else "(unresolved)")
                    confusions[(g["name"] if g else "(none)", said)] += 1
                errors.append({
                    "file": fname, "kind": row["kind"], "mention": row["mention"], "occurrence": row["occurrence"],
                    "gold": [g["actor_id"] or g["name"] for g in row["refers_to"]],
                    "system": [_label(c) for g, c, _ in o.pairs if c is not None],
                    "system_mention": o.matched.mention.text if o.matched else None, "sentence": o.sentence,
                })
        for sm in mentions:
            for part in (split, "all"):
                for k in (sm.kind, "overall"):
                    c = det[(part, k)]
                    c["system"] += 1
                    c["matched"] += sm.matched
                    c["resolved"] += bool(sm.mention.clusters)
                    c["resolved_matched"] += bool(sm.mention.clusters) and sm.matched
    report: dict = {}
    for part in SPLITS:
        per_kind = {k: tallies[(part, k)].report() for k in (*GOLD_KINDS, "overall") if (part, k) in tallies}
        detection = {}
        for k in (*GOLD_KINDS, "overall"):
            c = det.get((part, k))
            if c:
                detection[k] = {"system_mentions": c["system"], "precision": round(c["matched"] / c["system"], 3),
                                "resolved_mentions": c["resolved"],
                                "precision_resolved": round(c["resolved_matched"] / c["resolved"], 3) if c["resolved"] else None}
        report[part] = {"files": sum(split_of(f) == part or part == "all" for f in system),
                        "per_gold_kind": per_kind, "detection_precision": detection}
    report["confusions"] = [{"gold": g, "system": s, "count": n} for (g, s), n in confusions.most_common()]
    report["unlocated"] = unlocated
    report["missing_files"] = missing_files
    report["errors"] = errors
    return report


# -- CLI --------------------------------------------------------------------------------

def _fmt(x) -> str:
    return "   -" if x is None else f"{x:.3f}"[1:] if x < 1 else "1.00"


def print_report(report: dict, top: int = 15) -> None:
    for part in SPLITS:
        r = report[part]
        print(f"\n== {part} ({r['files']} articles)")
        print(f"{'gold kind':<9} {'n':>5} {'detR':>5} {'resP':>5} {'resR':>5} {'resF1':>5}  {'KB acc':>11}  {'role':>10}  {'country':>10}")
        for kind, k in r["per_gold_kind"].items():
            res = k["resolution"]
            print(f"{kind:<9} {k['gold_mentions']:>5} {_fmt(k['detection_recall']):>5} {_fmt(res['precision']):>5} "
                  f"{_fmt(res['recall']):>5} {_fmt(res['f1']):>5}  {_fmt(k['kb_linked_accuracy']):>5} n={k['kb_linked_mentions']:<4}"
                  f"  {_fmt(k['role_accuracy']):>4} n={k['role_n']:<3}  {_fmt(k['country_accuracy']):>4} n={k['country_n']:<3}")
        det = "  ".join(f"{k} {_fmt(d['precision'])}/{_fmt(d['precision_resolved'])} (n={d['system_mentions']})"
                        for k, d in r["detection_precision"].items())
        print(f"detection precision all/resolved-only: {det}")
    print(f"\nTop {top} confusions (gold -> system):")
    for c in report["confusions"][:top]:
        print(f"{c['count']:>4}  {c['gold']} -> {c['system']}")
    if report["unlocated"] or report["missing_files"]:
        print(f"\nunlocated gold mentions: {report['unlocated']}; articles not in the demo corpus: {report['missing_files']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the full report (with every error) to this file")
    parser.add_argument("--errors", type=int, default=0, help="list N example errors with their sentence")
    parser.add_argument("--gold", type=Path, default=ACTOR_GOLD)
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"{args.gold}: gold file not found", file=sys.stderr)
        return 2
    report = evaluate(args.gold)
    print_report(report)
    for e in report["errors"][: args.errors]:
        print(f"\n{e['file']} [{e['kind']}] {e['mention']!r} #{e['occurrence']}: gold {e['gold']} -> system {e['system']}"
              f" (via {e['system_mention']!r})\n    {e['sentence']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
