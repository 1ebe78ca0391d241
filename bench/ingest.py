"""HTML cleaning throughput and peak memory on a generated corpus of HTML pages.

Generates N pages (default 10,000) shaped like news pages — navigation, share bars, bylines,
photo credits, related-links boxes, cookie banners and footers around 4-12 article
paragraphs — then times ``parse_html_article`` alone (trafilatura extraction, metadata,
cleaning, language check; no NLP). Reports pages/s and peak RSS.

Usage: python bench/ingest.py [--pages 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from eventwire.errors import IngestError
from eventwire.ingest import parse_html_article

_WORDS = ("minister government talks ceasefire border security council sanctions aid agreement president "
          "officials statement capital forces negotiations region economy election parliament protest leaders "
          "spokesman delegation treaty envoy summit cooperation military humanitarian reporters crisis").split()
_NAMES = ["Amina Diallo", "Kenji Watanabe", "Lucía Fernández", "Omar Haddad", "Ivan Petrenko", "Grace Otieno"]
_PLACES = ["Cairo", "Nairobi", "Kyiv", "Manila", "Bogotá", "Doha", "Warsaw", "Dhaka"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 28))]
    return f"{rng.choice(_NAMES)} said in {rng.choice(_PLACES)} that the " + " ".join(words) + "."


def make_page(i: int, rng: random.Random) -> str:
    paragraphs = "\n".join(f"<p>{' '.join(_sentence(rng) for _ in range(rng.randint(2, 4)))}</p>"
                           for _ in range(rng.randint(4, 12)))
    title = f"{rng.choice(_NAMES)} in {rng.choice(_PLACES)}: {' '.join(rng.choice(_WORDS) for _ in range(5))}"
    day = 1 + i % 28
    return f"""<!doctype html><html lang="en"><head><title>{title} | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-05-{day:02d}T08:00:00+00:00">
<link rel="canonical" href="https://news.example/{i}"></head><body>
<div class="cookie">We use cookies. <a href="#">Accept</a></div>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a> | Subscribe</nav>
<div class="share">Share this article: Facebook Twitter WhatsApp</div>
<main><article><h1>{title}</h1><p class="byline">By {rng.choice(_NAMES)}</p>
<figure><img src="x.jpg"><figcaption>Photo: Example News</figcaption></figure>
{paragraphs}
<aside><h3>Related</h3><ul><li><a href="/a">Other story</a></li><li><a href="/b">Another</a></li></ul></aside>
</article></main><footer>© 2024 Example News. All rights reserved.</footer></body></html>"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pages = [make_page(i, rng) for i in range(args.pages)]
    megabytes = sum(len(p) for p in pages) / 1e6
    parse_html_article(pages[0], "<warm-up>")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    failed = 0
    t0 = time.perf_counter()
    for i, page in enumerate(pages):
        try:
            parse_html_article(page, f"<page {i}>")
        except IngestError:
            failed += 1
    elapsed = time.perf_counter() - t0
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.pages} pages ({megabytes:.1f} MB of HTML) in {elapsed:.1f} s: {args.pages / elapsed:,.0f} pages/s, "
          f"{failed} failed; peak RSS {rss_peak:,.0f} MB (after generating the corpus: {rss_before:,.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
