"""Ingest benchmarks: parse throughput for the real 2019 archive, and an incremental fetch with nothing new.

Needs ../shared/data (the real files); the fetch runs against a local HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from generator.sources.archive.cnemc import parse_archive_files, read_bytes
from generator.sources.snapshots.fetch import FetchSettings, run_fetch

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "cnemc"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _throughput(name: str, paths: list[Path]) -> list[dict]:
    size = sum(len(read_bytes(p)) for p in paths)  # uncompressed bytes
    rows = sum(read_bytes(p).count(b"\n") for p in paths)
    start = time.perf_counter()
    hourly = parse_archive_files(paths)
    took = time.perf_counter() - start
    note = f"{len(paths)} file(s), {rows:,} archive rows -> {len(hourly):,} station-hours in {took:.2f} s"
    return [
        {
            "section": "ingest",
            "measure": f"parse {name}",
            "value": f"{rows / took:,.0f}",
            "unit": "rows/s",
            "note": note,
        },
        {
            "section": "ingest",
            "measure": f"parse {name}",
            "value": f"{size / took / 1e6:.1f}",
            "unit": "MB/s",
            "note": "uncompressed CSV",
        },
    ]


def _incremental_fetch() -> dict:
    handler = functools.partial(_Quiet, directory=str(SHARED / "2019"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    settings = FetchSettings(base_url=url, timeout=10, retries=1, parallel=4, backoff=0.1)
    try:
        with tempfile.TemporaryDirectory() as data:
            first = run_fetch(Path(data), settings, date(2019, 1, 1), date(2019, 12, 31))
            start = time.perf_counter()
            again = run_fetch(Path(data), settings, date(2019, 1, 1), date(2019, 12, 31))
            took = time.perf_counter() - start
    finally:
        server.shutdown()
        server.server_close()
    return {
        "section": "ingest",
        "measure": "incremental fetch, nothing new (2019)",
        "value": f"{took:.2f}",
        "unit": "s",
        "target": "< 2",
        "note": f"first run: {first.line()}; second: {again.line()}",
    }


def run() -> list[dict]:
    if not (SHARED / "2019").is_dir():
        return [{"section": "ingest", "measure": "skipped", "note": f"real data not found at {SHARED}"}]
    rows = _throughput("364 daily files", sorted((SHARED / "2019").glob("china_sites_*.csv")))
    rows += _throughput("Jiangsu 115-station file", [SHARED / "jiangsu_sites_2019_wide.csv.gz"])
    rows.append(_incremental_fetch())
    return rows
