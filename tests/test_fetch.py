"""Fetching the public archive: the real 2019 files served from 127.0.0.1, with injected faults.

After every fault: the data already fetched is intact, the summary counts are right, and a
second run completes the set.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.cli import main
from generator.sources.snapshots.fetch import (
    BEIJING,
    FAILED,
    FETCHED,
    MISSING,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    FetchSettings,
    SnapshotStore,
    fetch_url_snapshot,
    run_fetch,
)

NAME = re.compile(r"/(china_sites_(\d{8})\.csv)$")
# A week around the day missing upstream (2019-04-08).
FIRST, LAST = date(2019, 4, 5), date(2019, 4, 11)
NOW = datetime(2026, 1, 1, 12, tzinfo=BEIJING)


class ArchiveServer:
    """Serves china_sites_*.csv from a folder; faults are injected per file name."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        self.server.expect_request(re.compile(r"/.*")).respond_with_handler(self.handle)
        self.requests: list[str] = []
        self.faults: dict[str, list[str]] = {}  # name -> faults to apply, one per request
        self.overrides: dict[str, bytes] = {}
        self.die_after: int | None = None
        self.lock = threading.Lock()
        self.server.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/"

    def handle(self, request: Request) -> Response:
        match = NAME.search(request.path)
        with self.lock:
            self.requests.append(request.path)
            count = len(self.requests)
            fault = (
                self.faults.get(match.group(1), []).pop(0)
                if match and self.faults.get(match.group(1))
                else None
            )
        if self.die_after is not None and count > self.die_after:
            threading.Thread(target=self.server.stop, daemon=True).start()
            return Response("going away", status=503)
        if not match:
            return Response("not found", status=404)
        name = match.group(1)
        path = self.folder / name
        body = self.overrides.get(name, path.read_bytes() if path.exists() else None)
        if body is None or fault == "404":
            return Response("not found", status=404)
        if fault == "500":
            return Response("upstream error", status=500)
        if fault == "sleep":
            time.sleep(1.5)
        if fault == "short":  # Content-Length promises more than is sent
            resp = Response(body[: len(body) // 2], status=200, content_type="text/csv")
            resp.headers["Content-Length"] = str(len(body))
            resp.automatically_set_content_length = False
            return resp
        if fault == "cut":  # well-formed HTTP, but the file stops mid-line
            return Response(body[:-40], status=200, content_type="text/csv")
        return Response(body, status=200, content_type="text/csv")

    def close(self):
        if self.server.is_running():
            self.server.stop()


@pytest.fixture
def archive(shared_data):
    server = ArchiveServer(shared_data / "cnemc" / "2019")
    yield server
    server.close()


def settings(url: str, **kw) -> FetchSettings:
    values = dict(base_url=url, timeout=0.75, retries=2, parallel=3, backoff=0.01)
    values.update(kw)
    return FetchSettings(**values)


def fetch(data: Path, url: str, first=FIRST, last=LAST, **kw):
    return run_fetch(data, settings(url, **kw), first, last, now=NOW)


def snapshot_hashes(data: Path) -> dict[str, str]:
    raw = data / "raw"
    return {
        p.relative_to(raw).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(raw.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def manifest(data: Path) -> dict:
    return json.loads((data / "raw" / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_first_run_fetches_every_published_day_and_records_it(archive, tmp_path, shared_data):
    summary = fetch(tmp_path, archive.url)
    assert summary.counts[FETCHED] == 6 and summary.counts[MISSING] == 1 and not summary.failed
    for day in ("20190405", "20190411"):
        stored = tmp_path / "raw" / "cnemc" / f"china_sites_{day}.csv"
        assert stored.read_bytes() == (shared_data / "cnemc" / "2019" / stored.name).read_bytes()
    entry = manifest(tmp_path)["cnemc/china_sites_20190405.csv"]
    body = (shared_data / "cnemc" / "2019" / "china_sites_20190405.csv").read_bytes()
    assert entry["url"] == archive.url + "china_sites_20190405.csv"
    assert entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["size"] == len(body)
    assert entry["http_status"] == 200 and entry["hours"] == 24 and entry["complete"] is True
    assert datetime.fromisoformat(entry["fetched_at"]) == NOW
    assert manifest(tmp_path)["cnemc/china_sites_20190408.csv"]["last_http_status"] == 404
    assert not (tmp_path / "raw" / "cnemc" / "china_sites_20190408.csv").exists()


def test_second_run_downloads_nothing_already_complete(archive, tmp_path):
    fetch(tmp_path, archive.url)
    before = snapshot_hashes(tmp_path)
    archive.requests.clear()
    summary = fetch(tmp_path, archive.url)
    assert summary.counts[SKIPPED] == 6
    assert archive.requests == ["/china_sites_20190408.csv"]  # only the day not yet published
    assert snapshot_hashes(tmp_path) == before


def test_partial_day_is_fetched_again_until_complete_and_the_old_one_is_kept(archive, tmp_path, shared_data):
    yesterday = NOW.date() - timedelta(days=1)
    name = f"china_sites_{yesterday:%Y%m%d}.csv"
    full = (shared_data / "cnemc" / "2019" / "china_sites_20190405.csv").read_bytes()
    full = full.replace(b"20190405,", f"{yesterday:%Y%m%d},".encode())
    lines = full.splitlines(keepends=True)
    archive.overrides[name] = b"".join(lines[: 1 + 15 * 10])  # hours 0..9 published so far
    first = fetch(tmp_path, archive.url, yesterday, yesterday)
    assert first.counts[FETCHED] == 1
    entry = manifest(tmp_path)[f"cnemc/{name}"]
    assert entry["hours"] == 10 and entry["complete"] is False

    archive.overrides[name] = full  # later the whole day is published
    second = fetch(tmp_path, archive.url, yesterday, yesterday)
    assert second.counts[UPDATED] == 1
    entry = manifest(tmp_path)[f"cnemc/{name}"]
    assert entry["complete"] is True and len(entry["versions"]) == 1
    assert (tmp_path / "raw" / "cnemc" / name).read_bytes() == full
    kept = tmp_path / "raw" / entry["versions"][0]["path"]
    assert kept.read_bytes() == b"".join(lines[: 1 + 15 * 10])
    assert fetch(tmp_path, archive.url, yesterday, yesterday).counts[SKIPPED] == 1


def test_the_default_run_takes_todays_hours_so_far_and_fetches_the_day_again_each_hour(
    archive, tmp_path, shared_data
):
    """The archive publishes the current day as it runs (docs/data-sources.md): an hourly run with no
    --from/--to takes today's file up to the hour published, and the next run its later hours."""
    today = NOW.date()
    name = f"china_sites_{today:%Y%m%d}.csv"
    full = (shared_data / "cnemc" / "2019" / "china_sites_20190405.csv").read_bytes()
    lines = full.replace(b"20190405,", f"{today:%Y%m%d},".encode()).splitlines(keepends=True)
    (tmp_path / "raw").mkdir()
    run_fetch(tmp_path, settings(archive.url), today, today, now=NOW)  # the store knows today
    archive.requests.clear()
    archive.overrides[name] = b"".join(lines[: 1 + 15 * 11])  # hours 0..10 published at 11:35
    run_fetch(tmp_path, settings(archive.url), None, None, now=NOW)
    assert archive.requests == [f"/{name}"]
    assert manifest(tmp_path)[f"cnemc/{name}"]["hours"] == 11
    archive.overrides[name] = b"".join(lines[: 1 + 15 * 12])  # an hour later, hour 11 is in too
    run_fetch(tmp_path, settings(archive.url), None, None, now=NOW + timedelta(hours=1))
    assert manifest(tmp_path)[f"cnemc/{name}"]["hours"] == 12


def test_old_partial_days_are_settled_and_not_fetched_forever(archive, tmp_path):
    # 2019-08-23 was only ever published with one hour; fetched years later it is final.
    summary = fetch(tmp_path, archive.url, date(2019, 8, 23), date(2019, 8, 23))
    assert summary.counts[FETCHED] == 1
    assert manifest(tmp_path)["cnemc/china_sites_20190823.csv"]["complete"] is False
    archive.requests.clear()
    assert fetch(tmp_path, archive.url, date(2019, 8, 23), date(2019, 8, 23)).counts[SKIPPED] == 1
    assert archive.requests == []


def test_changed_upstream_file_is_a_new_version_never_an_overwrite(archive, tmp_path, shared_data):
    fetch(tmp_path, archive.url)
    original = (tmp_path / "raw" / "cnemc" / "china_sites_20190406.csv").read_bytes()
    archive.overrides["china_sites_20190406.csv"] = original.replace(b",AQI,", b",AQI,", 1).replace(
        b"\r\n", b"\n"
    )
    # force a re-check: complete days are not requested again, so ask for a new run after deleting the entry
    store = SnapshotStore(tmp_path / "raw")
    store.entries["cnemc/china_sites_20190406.csv"]["complete"] = False
    store.entries["cnemc/china_sites_20190406.csv"]["fetched_at"] = "2019-04-06T12:00:00+08:00"
    store.save()
    summary = fetch(tmp_path, archive.url, date(2019, 4, 6), date(2019, 4, 6))
    assert summary.counts[UPDATED] == 1
    versions = sorted((tmp_path / "raw" / "cnemc" / "versions").iterdir())
    assert [v.name for v in versions] == ["china_sites_20190406.v1.csv"]
    assert versions[0].read_bytes() == original
    assert (tmp_path / "raw" / "cnemc" / "china_sites_20190406.csv").read_bytes() == archive.overrides[
        "china_sites_20190406.csv"
    ]


def test_404_days_are_not_yet_published_not_errors(archive, tmp_path):
    archive.faults["china_sites_20190410.csv"] = ["404"]
    archive.faults["china_sites_20190411.csv"] = ["404"]
    summary = fetch(tmp_path, archive.url)
    assert summary.counts[MISSING] == 3 and not summary.failed
    rerun = fetch(tmp_path, archive.url)
    assert rerun.counts[FETCHED] == 2 and rerun.counts[SKIPPED] == 4 and rerun.counts[MISSING] == 1


def test_500s_that_recover_are_retried(archive, tmp_path):
    archive.faults["china_sites_20190405.csv"] = ["500", "500"]
    summary = fetch(tmp_path, archive.url)
    assert summary.counts[FETCHED] == 6 and not summary.failed
    assert archive.requests.count("/china_sites_20190405.csv") == 3


def test_a_timeout_is_retried(archive, tmp_path):
    archive.faults["china_sites_20190407.csv"] = ["sleep"]
    summary = fetch(tmp_path, archive.url)
    assert not summary.failed and summary.counts[FETCHED] == 6
    assert archive.requests.count("/china_sites_20190407.csv") == 2


@pytest.mark.parametrize("fault", ["short", "cut"])
def test_truncated_body_is_never_accepted_and_existing_data_stays(archive, tmp_path, fault):
    fetch(tmp_path, archive.url)
    before = snapshot_hashes(tmp_path)
    archive.faults["china_sites_20190412.csv"] = [fault] * 3  # every attempt is truncated
    summary = fetch(tmp_path, archive.url, FIRST, date(2019, 4, 12))
    assert [r.key for r in summary.failed] == ["2019-04-12"]
    assert "cut" in summary.failed[0].detail
    assert snapshot_hashes(tmp_path) == before
    assert "cnemc/china_sites_20190412.csv" not in manifest(tmp_path)
    rerun = fetch(tmp_path, archive.url, FIRST, date(2019, 4, 12))
    assert rerun.counts[FETCHED] == 1 and not rerun.failed


def test_server_dying_mid_run_fails_cleanly_and_rerun_completes(shared_data, tmp_path):
    server = ArchiveServer(shared_data / "cnemc" / "2019")
    try:
        fetch(tmp_path, server.url, FIRST, date(2019, 4, 7))  # some data already there
        before = snapshot_hashes(tmp_path)
        server.requests.clear()
        server.die_after = 3
        summary = fetch(tmp_path, server.url, FIRST, date(2019, 4, 30), parallel=1)
        assert summary.failed, "requests after the server died must fail"
        assert summary.counts[FETCHED] + summary.counts[MISSING] <= 3
        for rel, digest in before.items():
            assert snapshot_hashes(tmp_path)[rel] == digest
        json.loads((tmp_path / "raw" / "manifest.json").read_text(encoding="utf-8"))  # still valid
        time.sleep(0.5)
        if server.server.is_running():
            server.server.stop()
        server.die_after = None
        server.server.start()  # the same port again
        rerun = fetch(tmp_path, server.url, FIRST, date(2019, 4, 30))
        assert not rerun.failed
        stored = {p.name for p in (tmp_path / "raw" / "cnemc").glob("*.csv")}
        assert len(stored) == 25 and "china_sites_20190408.csv" not in stored
    finally:
        server.close()


def test_cli_exits_non_zero_on_failure_with_a_clear_message(archive, tmp_path):
    config = tmp_path / "site.toml"
    config.write_text(Path("data/site.toml").read_text(encoding="utf-8"), encoding="utf-8")
    archive.faults["china_sites_20190405.csv"] = ["500"] * 10
    args = [
        "fetch",
        "--from",
        "2019-04-05",
        "--to",
        "2019-04-06",
        "--base-url",
        archive.url,
        "--data",
        str(tmp_path / "d"),
        "--config",
        str(config),
        "--backoff",
        "0",
        "--retries",
        "1",
        "--quiet",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "failed 1" in result.output and "2019-04-05" in result.output and "HTTP 500" in result.output
    archive.faults.clear()
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "fetched 1" in result.output and "already complete 1" in result.output


def test_cli_refuses_a_bad_date():
    result = CliRunner().invoke(main, ["fetch", "--from", "2019-13-01", "--quiet"])
    assert result.exit_code == 2 and "2019-13-01" in result.output


def test_configured_files_go_through_the_same_store(archive, tmp_path):
    url = archive.url + "disclosure/not-published-yet.csv"
    raw = tmp_path / "raw"
    result = fetch_url_snapshot(
        archive.url + "china_sites_20190409.csv",
        raw / "files" / "enterprise",
        settings=settings(archive.url),
        kind="enterprise",
    )
    assert result.outcome == FETCHED
    entry = manifest(tmp_path)["files/enterprise/china_sites_20190409.csv"]
    assert entry["kind"] == "enterprise" and len(entry["sha256"]) == 64
    again = fetch_url_snapshot(
        archive.url + "china_sites_20190409.csv", raw / "files" / "enterprise", settings=settings(archive.url)
    )
    assert again.outcome == UNCHANGED
    missing = fetch_url_snapshot(url, raw / "files" / "enterprise", settings=settings(archive.url))
    assert missing.outcome == MISSING


def test_failed_generic_fetch_keeps_the_previous_file(archive, tmp_path):
    raw = tmp_path / "raw"
    url = archive.url + "china_sites_20190409.csv"
    fetch_url_snapshot(url, raw / "files" / "register", settings=settings(archive.url))
    before = snapshot_hashes(tmp_path)
    archive.faults["china_sites_20190409.csv"] = ["500"] * 5
    result = fetch_url_snapshot(
        url, raw / "files" / "register", settings=settings(archive.url), required=True
    )
    assert result.outcome == FAILED and "HTTP 500" in result.detail
    assert snapshot_hashes(tmp_path) == before


@pytest.mark.slow
def test_end_to_end_fetch_all_of_2019_then_load_observations(archive, tmp_path, shared_data):
    from generator.config import load_config
    from generator.sources.snapshots.observations import load_observations

    summary = fetch(tmp_path, archive.url, date(2019, 1, 1), date(2019, 12, 31), parallel=4)
    assert summary.counts[FETCHED] == 364 and summary.counts[MISSING] == 1 and not summary.failed
    (tmp_path / "stations").mkdir()
    (tmp_path / "stations" / "list.csv").write_bytes(
        (shared_data / "stations" / "NewSiteList_gbk.csv").read_bytes()
    )
    hourly, stations, flags, snapshots = load_observations(tmp_path, load_config())
    reporting = set(hourly["station"])
    assert {"1173A", "3000A", "3008A", "3009A"} <= reporting
    named = stations.set_index("code")
    assert named.loc["1173A", "name"] == "市环境监测站" and named.loc["1173A", "area"] == "haizhou"
    assert {"连云港", "徐州", "宿迁", "淮安", "盐城"} <= set(named.loc[list(reporting), "city"])
    assert hourly["time"].min().isoformat() == "2019-01-01T00:00:00+08:00"
    assert len([s for s in snapshots if s.get("sha256")]) == 364
    rerun = fetch(tmp_path, archive.url, date(2019, 1, 1), date(2019, 12, 31))
    assert rerun.counts[SKIPPED] + rerun.counts[MISSING] == 365 and rerun.counts[FETCHED] == 0
