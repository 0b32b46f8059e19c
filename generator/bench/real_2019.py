"""The real 2019 data as a reader would have it: fetched by `fetch` (archive only) from a local
server on 127.0.0.1 holding ../shared/data/cnemc/2019, with the national station list; the same
data folder the real-data tests build (tests/conftest.py, real_2019_build)."""

from __future__ import annotations

import functools
import http.server
import threading
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def fetch_2019(shared: Path, data: Path) -> Path:
    """`data` filled with the 2019 archive and the station list (as `fetch --archive-only` does);
    returns it."""
    from generator.config import load_config
    from generator.sources.snapshots.fetch import FetchSettings, run_fetch

    config = load_config(ROOT / "data" / "site.toml")
    handler = functools.partial(_Quiet, directory=str(shared / "cnemc" / "2019"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    settings = FetchSettings.from_config(config.sources, base_url=url, retries=0)
    try:
        summary = run_fetch(data, settings, date(2019, 1, 1), date(2019, 12, 31), files=[])
    finally:
        server.shutdown()
        server.server_close()
    if summary.failed:
        raise RuntimeError(f"fetch of the 2019 archive failed: {summary.line()}")
    (data / "stations").mkdir(exist_ok=True)
    link = data / "stations" / "NewSiteList_gbk.csv"
    if not link.exists():
        link.symlink_to(shared / "stations" / "NewSiteList_gbk.csv")
    return data
