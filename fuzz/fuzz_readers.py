"""Atheris fuzz target for every input reader: plain text, HTML, RSS/Atom, JSON Lines,
Parquet, WARC and gzip — through ``eventwire.sources.read_source``, the function
``eventwire ingest``/``extract``/``run`` use for each input.

The last byte of a fuzz input picks the reader (a file name whose suffix selects it, or no
suffix: sniffing) and whether the bytes go in memory (``RawInput``, as for stdin) or
through a temporary file (a ``Path``, as for files on disk); the other bytes are the input.

Contract checked: every item a reader yields is an ``Article`` with body text or an
``IngestError``; the only exceptions allowed out are ``EventwireError`` subclasses
(documented: ``errors.py``). Anything else is a bug and stops the fuzzer with the
traceback and a ``crash-*`` file. Usage and findings: ``fuzz/README.md``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

# Instrument eventwire and the pure-Python parsers it drives (coverage feedback);
# trafilatura/lxml/pyarrow are loaded later uninstrumented (mostly C, slow to instrument).
with atheris.instrument_imports(include=["eventwire", "warcio", "feedparser"]):
    import feedparser  # noqa: F401
    import warcio.archiveiterator  # noqa: F401

    from eventwire.errors import EventwireError
    from eventwire.ingest import RawInput
    from eventwire.schema import Article
    from eventwire.sources import read_source

# Input names: the suffix chooses the reader as it does on the command line ("" = sniff).
READERS = ("fuzz.txt", "fuzz.html", "fuzz.xml", "fuzz.rss", "fuzz.atom", "fuzz.jsonl", "fuzz.parquet",
           "fuzz.warc", "fuzz.warc.gz", "fuzz.gz", "fuzz.jsonl.gz", "fuzz")
# Findings reported and not fixed yet in src/ (fuzz/README.md, "Findings"): with
# EVENTWIRE_FUZZ_SKIP_KNOWN=1 they are ignored so a run can look for new ones. Key: the
# exception type (or a base class of it) and the innermost eventwire function it came
# through ("function>package": and raised inside that package). Remove an entry once fixed.
KNOWN: dict[tuple[str, str], str] = {
    # F1-F4 (fuzz/README.md) are fixed in src/eventwire/sources.py and covered by
    # tests/test_sources.py::test_fuzz_findings_are_clear_errors.
}
SKIP_KNOWN = os.environ.get("EVENTWIRE_FUZZ_SKIP_KNOWN") == "1"
_TMP_DIR = "/dev/shm" if os.path.isdir("/dev/shm") else None  # libFuzzer exits without cleanup: one file per input


def choose(data: bytes) -> tuple[str, bool, bytes]:
    """(input name, through a file?, payload) of one fuzz input — seeds are built to match."""
    fdp = atheris.FuzzedDataProvider(data)
    choice = fdp.ConsumeIntInRange(0, 2 * len(READERS) - 1)  # consumes the last byte
    return READERS[choice % len(READERS)], choice >= len(READERS), fdp.ConsumeBytes(fdp.remaining_bytes())


def read_all(name: str, via_file: bool, payload: bytes) -> list:
    if not via_file:
        return list(read_source(RawInput(name, payload)))
    fd, path = tempfile.mkstemp(prefix="eventwire-fuzz-", suffix=name[len("fuzz"):], dir=_TMP_DIR)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        return list(read_source(Path(path)))
    finally:
        os.unlink(path)


def is_known(exc: BaseException) -> str | None:
    """The finding id of a reported, unfixed bug this exception is an instance of."""
    kinds = {k.__qualname__ if k.__module__ == "builtins" else f"{k.__module__}.{k.__qualname__}"
             for k in type(exc).__mro__}
    tb, innermost, callee = exc.__traceback__, None, None
    while tb is not None:
        if f"{os.sep}eventwire{os.sep}" in tb.tb_frame.f_code.co_filename:
            innermost, callee = tb.tb_frame.f_code.co_name, None
        elif innermost and callee is None:
            callee = (tb.tb_frame.f_globals.get("__name__") or "").split(".")[0]
        tb = tb.tb_next
    for (kind, where), finding in KNOWN.items():
        function, _, package = where.partition(">")
        if kind in kinds and function == innermost and (not package or package == callee):
            return finding
    return None


def one_input(data: bytes) -> None:
    name, via_file, payload = choose(data)
    try:
        results = read_all(name, via_file, payload)
    except EventwireError:
        return  # documented: a reader may refuse a whole input with a reason
    except Exception as exc:
        if SKIP_KNOWN and is_known(exc):
            return
        raise
    for item in results:
        if isinstance(item, EventwireError):
            continue
        if not isinstance(item, Article):
            raise TypeError(f"{name}: reader yielded {type(item).__name__}, expected Article or IngestError")
        if not item.text.strip():
            raise AssertionError(f"{name}: reader yielded an Article with no text: {item!r}")


def _warm_up() -> None:
    """Load the language model and lazy imports once, so the first inputs are not timed out."""
    from eventwire.cleaning import detect_language

    detect_language("The foreign ministers met in Cairo on Monday to discuss the ceasefire proposal.")
    import pyarrow.parquet  # noqa: F401
    import trafilatura  # noqa: F401


def main() -> None:
    _warm_up()
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
