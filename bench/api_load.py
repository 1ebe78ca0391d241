"""Bounded loopback load test of the events endpoint on the demo database.

Starts ``eventwire serve`` on 127.0.0.1 (a free port) over the demo database (built first
when missing), sends a fixed number of GET requests from a few client threads, and reports
requests/s and latency percentiles per endpoint variant. Nothing leaves the machine.

    .venv/bin/python bench/api_load.py --requests 2000 --clients 8
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EVENTWIRE = str(Path(sys.executable).with_name("eventwire"))
VARIANTS = {  # what the UI asks for: the first page, a filtered page, a sorted deep page
    "events (first page)": "/api/events?limit=25",
    "events (type+actor filter)": "/api/events?limit=25&type=CONSULT&actor=Joe%20Biden",
    "events (sorted, offset 100)": "/api/events?limit=25&sort=reports&offset=100",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(db: Path, requests: int, clients: int, max_seconds: float) -> list[dict]:
    if not db.exists():
        subprocess.run([EVENTWIRE, "demo", "--db", str(db)], check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen([EVENTWIRE, "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "EVENTWIRE_TOKEN": ""})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(base + "/api/meta", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise SystemExit("server did not start")
                time.sleep(0.2)
        results = []
        for label, path in VARIANTS.items():
            latencies: list[float] = []
            errors = 0
            stop_at = time.monotonic() + max_seconds

            def one(_: int, client=httpx.Client(base_url=base, timeout=10)) -> float | None:
                if time.monotonic() > stop_at:
                    return None
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
                return elapsed if response.status_code == 200 else -1.0

            started = time.perf_counter()
            with ThreadPoolExecutor(clients) as pool:
                for value in pool.map(one, range(requests)):
                    if value is None:
                        continue
                    if value < 0:
                        errors += 1
                    else:
                        latencies.append(value)
            wall = time.perf_counter() - started
            results.append({"endpoint": label, "requests": len(latencies) + errors, "errors": errors,
                            "req_per_s": (len(latencies) + errors) / wall,
                            "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * _percentile(latencies, 0.95)})
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "eventwire-demo.duckdb")
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint variant")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--max-seconds", type=float, default=120, help="per variant; stops early")
    args = parser.parse_args()
    rows = run(args.db, args.requests, args.clients, args.max_seconds)
    print(f"{'endpoint':30} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for r in rows:
        print(f"{r['endpoint']:30} {r['requests']:8d} {r['errors']:6d} {r['req_per_s']:7.1f} {r['p50_ms']:7.1f} {r['p95_ms']:7.1f}")


if __name__ == "__main__":
    main()
