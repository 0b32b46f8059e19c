"""Shared fixtures: the real data in ../shared/data, a built sample site, and a browser harness.

Browser tests drive Debian's /usr/bin/chromium through Playwright (never a downloaded browser)
against the built site served on 127.0.0.1, and fail on console errors or any request that
leaves the site.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SAMPLE_DATA = ROOT / "data" / "sample"
CHROMIUM = Path("/usr/bin/chromium")
# A fixed build time for tests: builds from the same inputs must give the same bytes.
TEST_EPOCH = "1795392000"  # 2026-11-23 08:00 Beijing: the Monday after the sample data ends


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "cnemc").is_dir():
        pytest.skip(f"real monitoring data not found at {SHARED_DATA} (../shared/data is absent)")
    return SHARED_DATA


def build_site_into(
    data_dir: Path, work: Path, *, config: Path | None = None, epoch: str = TEST_EPOCH
) -> Path:
    """Build the site from `data_dir` into work/site (generated pages in work/build), at the
    build time `epoch` (SOURCE_DATE_EPOCH)."""
    from generator.build import build_site, fixed_build_environment

    out = work / "site"
    # Chart renders are cached by the content hash of each chart, so every test build (and
    # `make site`) can share one cache: a chart rendered once is not rendered again.
    os.environ.setdefault("LYG_CHART_CACHE", str(ROOT / "build" / "cache" / "charts"))
    with fixed_build_environment(ROOT, epoch):
        build_site(
            data_dir,
            out,
            config_path=config or ROOT / "data" / "site.toml",
            build_dir=work / "build",
            mkdocs_config=ROOT / "mkdocs.yml",
            show_progress=False,
        )
    return out


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The site built once from the bundled sample data (shared by the page tests)."""
    return build_site_into(SAMPLE_DATA, tmp_path_factory.mktemp("sample-site"))


@pytest.fixture(scope="session")
def real_2019_site(real_2019_build) -> Path:
    """The site built once from the real 2019 data (ends 2019-12-31) at the test build time in
    2026: data without any station of 7 of the 10 areas, long stale."""
    return real_2019_build[1]


# 2027-03-01 08:00 Beijing: three months after the sample data ends (2026-11-22).
LATE_EPOCH = "1803859200"


@pytest.fixture(scope="session")
def sample_site_silent_area_built_late(tmp_path_factory) -> Path:
    """The sample data with 云台山景区's station configured as YT09, a provincial station that sent
    no data (so the area has none), built three months after the data ends (stale data)."""
    work = tmp_path_factory.mktemp("sample-silent-late")
    text = (ROOT / "data" / "site.toml").read_text(encoding="utf-8")
    for old, new in (('stations = ["YT01"]', 'stations = ["YT09"]'), ('code = "YT01"', 'code = "YT09"')):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    config = work / "site.toml"
    config.write_text(text, encoding="utf-8")
    return build_site_into(SAMPLE_DATA, work, config=config, epoch=LATE_EPOCH)


# Jiangsu's 13 prefecture-level cities, as the tests expect them ranked (data/site.toml [province]).
JIANGSU_CITIES = (
    "南京",
    "无锡",
    "徐州",
    "常州",
    "苏州",
    "南通",
    "连云港",
    "淮安",
    "盐城",
    "扬州",
    "镇江",
    "泰州",
    "宿迁",
)


@pytest.fixture(scope="session")
def jiangsu_2019_site(shared_data, tmp_path_factory) -> Path:
    """The site built once from the provincial file of all 13 Jiangsu cities for 2019 and the
    national station list (shared by the city-ranking tests)."""
    work = tmp_path_factory.mktemp("jiangsu-2019")
    data = work / "data"
    (data / "raw" / "cnemc").mkdir(parents=True)
    (data / "stations").mkdir()
    shutil.copy(shared_data / "cnemc" / "jiangsu_sites_2019_wide.csv.gz", data / "raw" / "cnemc")
    shutil.copy(shared_data / "stations" / "NewSiteList_gbk.csv", data / "stations")
    return build_site_into(data, work)


@pytest.fixture(scope="session")
def real_2019_build(shared_data, make_httpserver, tmp_path_factory) -> tuple[Path, Path]:
    """The real 2019 archive fetched by `fetch` from a local server (as from the public archive),
    then built: (data folder, site). Shared by the tests of the real-data build."""
    from click.testing import CliRunner
    from werkzeug.wrappers import Response

    from generator.cli import main

    folder = shared_data / "cnemc" / "2019"

    def serve(request):
        path = folder / request.path.rsplit("/", 1)[-1]
        if not path.is_file():
            return Response("not found", status=404)  # 2019-04-08 was never published
        return Response(path.read_bytes(), content_type="text/csv")

    work = tmp_path_factory.mktemp("real-2019")
    data = work / "data"
    server = make_httpserver
    server.expect_request(re.compile(r"^/air/data/.*")).respond_with_handler(serve)
    try:
        result = CliRunner().invoke(
            main,
            [
                "fetch",
                "--from",
                "2019-01-01",
                "--to",
                "2019-12-31",
                "--base-url",
                server.url_for("/air/data/"),
                "--data",
                str(data),
                "--config",
                str(ROOT / "data" / "site.toml"),
                "--archive-only",
                "--quiet",
                "--retries",
                "0",
            ],
        )
    finally:
        server.clear()
    assert result.exit_code == 0, result.output
    # With the national station list, as a reader would build it (station names, the 5 cities).
    (data / "stations").mkdir()
    (data / "stations" / "NewSiteList_gbk.csv").symlink_to(shared_data / "stations" / "NewSiteList_gbk.csv")
    return data, build_site_into(data, work / "work")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticServer:
    """Serves a folder on 127.0.0.1 at a free port, in a thread."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def sample_server(sample_site):
    server = StaticServer(sample_site)
    yield server
    server.close()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium (make test installs it as root)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with playwright_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageVisit:
    """A browser page that records console errors and requests outside the allowed origins."""

    def __init__(self, page, allowed_origins: set[str]):
        self.page = page
        self.console_errors: list[str] = []
        self.external_requests: list[str] = []
        self.allowed = allowed_origins
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"pageerror: {exc}"))
        page.on("request", self._on_request)

    def _on_console(self, msg):
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _on_request(self, request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        origin = f"{parsed.scheme}://{parsed.netloc}"
        if origin not in self.allowed:
            self.external_requests.append(request.url)

    def goto(self, url: str):
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, f"{url} answered {response and response.status}"
        return response

    def assert_clean(self):
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.external_requests, f"requests outside the site: {self.external_requests}"


@pytest.fixture
def visit(browser, sample_server):
    """Open pages of the sample site: `v = visit(); v.goto(sample_server.url + 'rankings/')`."""
    contexts = []

    def make(viewport=None, extra_origins=()):
        origin = sample_server.url.rstrip("/")
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="zh-CN")
        contexts.append(context)
        return PageVisit(context.new_page(), {origin, *extra_origins})

    yield make
    for context in contexts:
        context.close()


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst
