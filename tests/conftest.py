"""Shared fixtures: the real data in ../shared/data, the built sites, and a browser harness.

The built sites (each built once per test run, shared by every test and every xdist worker):

    sample_site                          the bundled sample (data/sample)
    sample_site_silent_area_built_late   the sample with a station that sent nothing, built 3 months late
    real_2019_site / real_2019_build     the real 2019 archive, fetched from a local server, then built
    jiangsu_2019_site                    the provincial file of the 13 Jiangsu cities for 2019

Ask for one by name in a test's arguments. Each fixture returns the site folder `.../work/site`
(the generated pages and the build's caches beside it in `.../work/build`); read it, never write
into it: copy it first (`copy_tree`) to change anything. `make test` runs the suite on every core
(pytest-xdist): the first worker that asks for a site builds it, behind a file lock, into a folder
of this run (`run_folder`); the others wait for it and read the same folder. A new site of your own,
built from a variant of the data, shared the same way: `built_once(tmp_path_factory, "name", make)`,
where `make(work)` builds into the empty folder `work` and returns what the tests need (picklable:
paths, strings, numbers). Build it with `build_site_into`, which fixes the build time.

Every run has its own caches, outside the repository (`_caches_of_this_run`): chart renders
(LYG_CHART_CACHE, unless set outside the run) and tidy tables (LYG_TIDY_CACHE), so nothing is
written into data/sample or build/.

Markers (pyproject.toml): `browser` drives Chromium, `site` needs a built site (or builds one),
`shared_data` needs ../shared/data, `slow` takes more than a few seconds. `make check` runs the
tests that are none of browser, site, slow and shared_data; `make test` runs every test. The
browser and site markers are added here, from the fixtures a test uses (`pytest_collection_modifyitems`),
so a new test that asks for `sample_site` or `browser` is marked without being told.

Browser tests drive Debian's /usr/bin/chromium through Playwright (never a downloaded browser)
against the built site served on 127.0.0.1, and fail on console errors or any request that
leaves the site.
"""

from __future__ import annotations

import functools
import http.server
import os
import pickle
import re
import shutil
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse

import pytest
from filelock import FileLock
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SAMPLE_DATA = ROOT / "data" / "sample"
CHROMIUM = Path("/usr/bin/chromium")
# A fixed build time for tests: builds from the same inputs must give the same bytes.
TEST_EPOCH = "1795392000"  # 2026-11-23 08:00 Beijing: the Monday after the sample data ends

T = TypeVar("T")

# Hypothesis keeps no example database in the repository (.hypothesis/): each run draws afresh,
# and a failing example is printed with the failure (and shrunk) for the test to be fixed with.
settings.register_profile("lyg", database=None)
settings.load_profile("lyg")

# Fixtures that build a site, and those that drive the browser: a test that uses one (directly or
# through another fixture) is marked `site` or `browser` at collection.
SITE_FIXTURES = {
    "sample_site",
    "real_2019_site",
    "real_2019_build",
    "jiangsu_2019_site",
    "sample_site_silent_area_built_late",
    "sample_server",
}
BROWSER_FIXTURES = {"browser", "visit"}
# Module fixtures that build a site of their own, from a variant of the data: a test that uses one
# is marked `site` and put in an xdist group named for its module, so that one worker builds it
# and runs all of that module's tests that read it. Add the name of a new such fixture here.
MODULE_SITE_FIXTURES = {
    "active_site",  # test_warnings_browser
    "alarm_site",  # test_forecasts_alarm
    "demo_site",  # test_charts_browser
    "hostile_build",  # test_hostile_input_browser
    "hostile_site",  # test_enterprises_browser
    "degraded",  # test_hostile_build (one degraded sample build)
    "chinese_only_site",  # test_editions_metadata ([site] languages = ["zh"])
}


# The builds that start a run, one per worker at once (see _run_order).
FIRST_BUILDS = ("sample_site", "real_2019_build", "jiangsu_2019_site", "sample_site_silent_area_built_late")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & SITE_FIXTURES:
            item.add_marker(pytest.mark.site)
        if names & MODULE_SITE_FIXTURES:
            item.add_marker(pytest.mark.site)
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if "shared_data" in names:
            item.add_marker(pytest.mark.shared_data)
    items[:] = _run_order(items)


def _run_order(items: list) -> list:
    """The order in which workers take the tests (`make test` runs `--dist loadgroup` without
    reordering): first one test of each shared site, so that the workers build different sites at
    once (the sample first: its chart renders are the ones the sample's variants reuse); then the
    tests that need no site, while the builds finish; then the rest, the grouped modules (each
    builds its own site) first. The same order in every worker, as xdist requires."""
    first: list = []
    for name in FIRST_BUILDS:
        found = next((i for i in items if name in getattr(i, "fixturenames", ()) and i not in first), None)
        if found is not None:
            first.append(found)
    chosen = {id(i) for i in first}
    rest = [i for i in items if id(i) not in chosen]
    no_site = [
        i for i in rest if not i.get_closest_marker("site") and not i.get_closest_marker("xdist_group")
    ]
    grouped = [i for i in rest if i.get_closest_marker("xdist_group")]
    others = [i for i in rest if i.get_closest_marker("site") and not i.get_closest_marker("xdist_group")]
    return first + no_site + grouped + others


def run_folder(tmp_path_factory) -> Path:
    """This run's folder, the same for all its xdist workers (each worker's own temporary folder
    lies inside it; without xdist it is the run's temporary folder)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory, name: str, make: Callable[[Path], T]) -> T:
    """`make(work)` run once in this test run for `name`, whichever worker asks first, behind a
    file lock; the other workers wait and get the same (unpickled) result. A build that failed is
    not tried again: the others fail at once, with its traceback."""
    folder = run_folder(tmp_path_factory) / "shared" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    result, failed = folder / "result.pickle", folder / "FAILED"
    with FileLock(str(folder) + ".lock"):
        if failed.exists():
            pytest.fail(f"building {name} failed in another worker:\n{failed.read_text(encoding='utf-8')}")
        if result.exists():
            return pickle.loads(result.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "work").mkdir(parents=True)
        try:
            value = make(folder / "work")
        except pytest.skip.Exception:
            raise  # the next worker finds the same reason to skip
        except BaseException:
            failed.write_text(traceback.format_exc(), encoding="utf-8")
            raise
        result.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session", autouse=True)
def _caches_of_this_run(tmp_path_factory):
    """Chart renders, tidy tables and Hypothesis' caches in this run's folder (shared by its
    workers), never in the repository; restored when the session ends. A chart cache set outside
    the run is kept (a developer's warm cache makes repeated runs faster; its keys are checksums,
    never stale)."""
    caches = run_folder(tmp_path_factory) / "cache"
    # Made now, not by the first build that writes a cache: a test that checks a build writes
    # nothing outside its work folder must not see the run's own cache arrive beside it.
    caches.mkdir(parents=True, exist_ok=True)
    # Hypothesis' own caches (character tables, constants) too, not .hypothesis/ in the repository.
    set_hypothesis_home_dir(caches / "hypothesis")
    with pytest.MonkeyPatch.context() as patch:
        if not os.environ.get("LYG_CHART_CACHE"):
            patch.setenv("LYG_CHART_CACHE", str(caches / "charts"))
        patch.setenv("LYG_TIDY_CACHE", str(caches / "tidy"))
        yield


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA / "cnemc").is_dir():
        pytest.skip(f"real monitoring data not found at {SHARED_DATA} (../shared/data is absent)")
    return SHARED_DATA


CHINESE_ONLY = ("zh",)


def build_site_into(
    data_dir: Path,
    work: Path,
    *,
    config: Path | None = None,
    epoch: str = TEST_EPOCH,
    languages: tuple[str, ...] | None = None,
) -> Path:
    """Build the site from `data_dir` into work/site (generated pages in work/build), at the
    build time `epoch` (SOURCE_DATE_EPOCH). `languages`: the editions to build ([site] languages),
    e.g. CHINESE_ONLY for a variant of the data whose tests read only the Chinese pages (the
    English edition doubles a build); default: the configuration's (both)."""
    from generator.build import build_site, fixed_build_environment

    if languages is not None:
        config = with_languages(config or ROOT / "data" / "site.toml", languages, work)
    out = work / "site"
    # Chart renders are cached by the content hash of each chart in LYG_CHART_CACHE, which every
    # build of the run shares (_caches_of_this_run): a chart rendered once is not rendered again.
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


def with_languages(config: Path, languages: tuple[str, ...], work: Path) -> Path:
    """A copy of `config` in `work` whose [site] publishes `languages`."""
    text = Path(config).read_text(encoding="utf-8")
    assert text.count("[site]\n") == 1 and not re.search(r"^languages\s*=", text, re.MULTILINE), config
    listed = ", ".join(f'"{lang}"' for lang in languages)
    copy = Path(work) / "site-languages.toml"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(text.replace("[site]\n", f"[site]\nlanguages = [{listed}]\n"), encoding="utf-8")
    return copy


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The site built once from the bundled sample data (shared by the page tests)."""
    return built_once(tmp_path_factory, "sample-site", lambda work: build_site_into(SAMPLE_DATA, work))


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

    def make(work: Path) -> Path:
        text = (ROOT / "data" / "site.toml").read_text(encoding="utf-8")
        for old, new in (('stations = ["YT01"]', 'stations = ["YT09"]'), ('code = "YT01"', 'code = "YT09"')):
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        config = work / "site.toml"
        config.write_text(text, encoding="utf-8")
        return build_site_into(SAMPLE_DATA, work, config=config, epoch=LATE_EPOCH)

    return built_once(tmp_path_factory, "sample-silent-late", make)


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

    def make(work: Path) -> Path:
        data = work / "data"
        (data / "raw" / "cnemc").mkdir(parents=True)
        (data / "stations").mkdir()
        shutil.copy(shared_data / "cnemc" / "jiangsu_sites_2019_wide.csv.gz", data / "raw" / "cnemc")
        shutil.copy(shared_data / "stations" / "NewSiteList_gbk.csv", data / "stations")
        return build_site_into(data, work, languages=CHINESE_ONLY)  # the city ranking's tests read zh

    return built_once(tmp_path_factory, "jiangsu-2019", make)


@pytest.fixture(scope="session")
def real_2019_build(shared_data, request, tmp_path_factory) -> tuple[Path, Path]:
    """The real 2019 archive fetched by `fetch` from a local server (as from the public archive),
    then built: (data folder, site). Shared by the tests of the real-data build."""

    def make(work: Path) -> tuple[Path, Path]:
        from click.testing import CliRunner
        from werkzeug.wrappers import Response

        from generator.cli import main

        folder = shared_data / "cnemc" / "2019"

        def serve(req):
            path = folder / req.path.rsplit("/", 1)[-1]
            if not path.is_file():
                return Response("not found", status=404)  # 2019-04-08 was never published
            return Response(path.read_bytes(), content_type="text/csv")

        data = work / "data"
        server = request.getfixturevalue("make_httpserver")  # only the worker that builds serves
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
        (data / "stations" / "NewSiteList_gbk.csv").symlink_to(
            shared_data / "stations" / "NewSiteList_gbk.csv"
        )
        return data, build_site_into(data, work / "work")

    return built_once(tmp_path_factory, "real-2019", make)


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
