"""Near-duplicate detection: syndicated wire copies with small edits are linked, not recoded.

MinHash signatures of word 3-shingles, indexed with LSH (datasketch). Two articles whose
estimated Jaccard similarity is at least ``NEAR_DUPLICATE_THRESHOLD`` are near-duplicates:
the later one is stored with ``duplicate_of`` pointing at the first and gets no events.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
# Hash scheme of datasketch 2.x; stored signatures are only comparable under the same one.
SCHEME = "affine32"
# Wire copies re-edited by outlets (new headline, a trimmed or added paragraph) stay above
# this; different reports of the same event by different reporters fall far below it.
NEAR_DUPLICATE_THRESHOLD = 0.7
SHINGLE_WORDS = 3
# LSH bands are tuned for a lower similarity than the verdict, so candidates near the
# threshold are not missed; each candidate is then checked against the real threshold.
_LSH_CANDIDATE_THRESHOLD = 0.5
_WORD_RE = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    words = _WORD_RE.findall(text.casefold())
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch(list(shingles))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class NearDuplicateIndex:
    """In-memory LSH over the signatures of stored originals (rebuilt from the store)."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=min(threshold, _LSH_CANDIDATE_THRESHOLD), num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}

    def add(self, article_id: str, mh: MinHash) -> None:
        if article_id not in self.signatures:
            self.lsh.insert(article_id, mh)
            self.signatures[article_id] = mh

    def find(self, mh: MinHash) -> tuple[str, float] | None:
        """The most similar indexed article at or above the threshold, with its similarity."""
        best = None
        for candidate in self.lsh.query(mh):
            similarity = mh.jaccard(self.signatures[candidate])
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (candidate, similarity)
        return best
