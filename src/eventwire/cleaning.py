"""Cleaning: what is not article text goes, what is stays byte-for-byte meaningful.

Scraper junk, share/subscribe lines, bylines, photo credits and repeated headlines are
dropped line by line; text is NFC-normalised with whitespace collapsed (smart quotes are
kept as written). ``detect_language`` decides whether an article can be coded at all.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Lines scrapers and page templates leave behind that are never part of an article.
_JUNK_LINE_PATTERNS = [
    r"error!?\s*error occ?urr?ed!?",
    r"(share|share this( article| story| post)?)\s*(on|via|:)?\s*((facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail|reddit|copy link)[\s,|/•·]*)+",
    r"(subscribe|sign up|register)( now| today)?( to| for)? (our|the) (newsletter|channel|updates|alerts).*",
    r"(click|tap) here( to .*)?",
    r"(read more|related|related articles?|more on this|advertisement|sponsored( content)?|loading\.*|please enable javascript.*|you may also like|most read|trending now)\s*:?",
    r"(©|\(c\)|copyright)\s.*",
    r"all rights reserved\.?.*",
    r"(follow us|join us|follow (the )?\w+) on .*",
    # Credits.
    r"(reporting|additional reporting|writing|editing|compiled) by .*",
    r"(photo|photograph|image|picture|file photo|video)( credit)?\s*[:/|].*",
    r"\(?(photo|image|picture)s? by .*\)?",
    r"(updated|published|last updated)\s*:?\s*\d.*",
]
_JUNK_LINE_RE = re.compile(r"^\s*(?:" + "|".join(_JUNK_LINE_PATTERNS) + r")\s*$", re.IGNORECASE)
# Bylines: "By Jane Doe", "By Jane Doe and John Roe, Reuters". Case matters: names are capitalised.
_NAME = r"(?:[A-Z]|(?:al|el)-[A-Z])[\w.'’-]+(?:\s+(?:(?:al|el)-[A-Z][\w'’-]+|[A-Z][\w.'’-]+|al|el|bin|de|van|von))*"
_BYLINE_RE = re.compile(rf"^\s*(?:By|BY|by)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*(?:\s*[,|–—-]\s*{_NAME})?\s*$")
# A byline pattern is only trusted on short lines: a real sentence starting "By ..." is longer.
_MAX_BYLINE_CHARS = 80

# detect_language: texts shorter than this are not judged (too little evidence).
MIN_CHARS_FOR_LANGUAGE = 60
# ... and a non-English verdict must be at least this sure before an article is skipped.
LANGUAGE_CONFIDENCE = 0.9


def normalize_line(line: str) -> str:
    """NFC-normalise and collapse runs of whitespace; smart quotes are kept as written."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", line)).strip()


def is_junk_line(line: str) -> bool:
    line = line.strip()
    if _JUNK_LINE_RE.match(line):
        return True
    return len(line) <= _MAX_BYLINE_CHARS and bool(_BYLINE_RE.match(line))


def clean_paragraphs(lines: Iterable[str], title: str = "") -> list[str]:
    """Drop empty lines, junk lines and repeats of the headline; normalise the rest."""
    wanted_title = normalize_line(title).casefold()
    paragraphs: list[str] = []
    for raw in lines:
        line = normalize_line(raw)
        if not line or is_junk_line(line) or (wanted_title and line.casefold() == wanted_title):
            continue
        paragraphs.append(line)
    return paragraphs


def content_hash(text: str) -> str:
    """Hash of the text with case, punctuation and spacing ignored: exact-duplicate key."""
    folded = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=1)
def _identifier():
    import os

    from py3langid import langid

    return langid.LanguageIdentifier.from_modelpath(os.path.join(langid.MODEL_DIR, langid.MODEL_FILE), norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability), or (None, 0.0) when the text is too short to judge."""
    sample = text[:3000]
    if len(sample.strip()) < MIN_CHARS_FOR_LANGUAGE:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)


def skip_reason_for_language(text: str) -> tuple[str | None, str | None]:
    """(language, skipped_reason): only a confident non-English verdict skips coding."""
    lang, prob = detect_language(text)
    if lang and lang != "en" and prob >= LANGUAGE_CONFIDENCE:
        return lang, f"language '{lang}' is not supported for coding (p={prob:.2f}); stored, not coded"
    return (lang if lang == "en" or lang is None else lang), None
