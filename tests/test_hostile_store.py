"""The snapshot store against a hostile remote and a hostile folder (issue 28): it only grows, it stays
inside its folder, its manifest is typed, its checks stream, and failing files go to a quarantine.

Every case builds the store as `fetch` and `push` leave it (tests/test_snapshot_store.py), then does to
the remote or the folder what an attacker or an accident would, and pulls.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import textwrap
import zlib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import InputError
from generator.sources.archive.fetch_checks import check_day_file
from generator.sources.snapshots.fetch import MANIFEST, SnapshotStore
from generator.sources.snapshots.remote import StoreError, pull, push
from tests.conftest import ROOT
from tests.test_snapshot_store import SAMPLE_DAYS, bare_remote, commit, fetched_store, files_of


def with_hours(raw: Path) -> Path:
    """The manifest as fetch writes it: every day complete (24 hours)."""
    store = SnapshotStore(raw)
    for rel, entry in store.entries.items():
        store.record(rel, {**entry, "hours": 24, "complete_hours": 24, "complete": True})
    store.save()
    return raw


def clone(remote: Path, work: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", "--branch", "snapshots", str(remote), str(work)], check=True)
    return work


def git(work: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(work), *args], check=True, capture_output=True)


def nothing_written(folder: Path) -> bool:
    return not folder.exists() or not any(p.is_file() for p in folder.rglob("*"))


# --- It only grows -------------------------------------------------------------------------------


def test_a_force_pushed_branch_with_a_day_fewer_is_refused_against_the_local_store(tmp_path):
    remote = bare_remote(tmp_path)
    raw = with_hours(fetched_store(tmp_path / "data", SAMPLE_DAYS[:4]))
    push(raw, str(remote))
    # A new history without the newest day, force-pushed.
    other = with_hours(fetched_store(tmp_path / "other", SAMPLE_DAYS[:3]))
    git(other, "init", "--quiet", "-b", "snapshots")
    git(other, "add", "-A")
    commit(other, "rewritten")
    git(other, "push", "--quiet", "--force", str(remote), "snapshots")
    before = files_of(raw)
    with pytest.raises(
        StoreError, match=r"holds less than it did: cnemc/china_sites_20250104\.csv: held before"
    ):
        pull(raw, str(remote))
    assert files_of(raw) == before


def test_a_force_pushed_branch_with_a_day_taken_out_of_the_middle_is_refused_on_a_fresh_pull(tmp_path):
    remote = bare_remote(tmp_path)
    other = with_hours(fetched_store(tmp_path / "other", [SAMPLE_DAYS[0], SAMPLE_DAYS[2]]))
    git(other, "init", "--quiet", "-b", "snapshots")
    git(other, "add", "-A")
    commit(other, "rewritten without 2025-01-02")
    git(other, "push", "--quiet", str(remote), "snapshots")
    fresh = tmp_path / "fresh" / "raw"
    with pytest.raises(StoreError, match=r"2025-01-02: no entry between 2025-01-01 and 2025-01-03"):
        pull(fresh, str(remote))
    assert nothing_written(fresh)


def twelve_hours(body: bytes) -> bytes:
    lines = body.decode("utf-8").split("\n")
    return "\n".join(
        line for line in lines if not line or line.startswith("date") or int(line.split(",")[1]) < 12
    ).encode()


def test_a_commit_that_swaps_a_complete_day_for_a_12_hour_one_is_refused(tmp_path):
    remote = bare_remote(tmp_path)
    raw = with_hours(fetched_store(tmp_path / "data", SAMPLE_DAYS[:3]))
    push(raw, str(remote))
    work = clone(remote, tmp_path / "vandal")
    day = work / "cnemc" / SAMPLE_DAYS[1].name
    thin = twelve_hours(gzip.decompress(day.read_bytes()))
    day.write_bytes(gzip.compress(thin, mtime=0))
    manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["files"][f"cnemc/{SAMPLE_DAYS[1].name.removesuffix('.gz')}"]
    entry.update(sha256=hashlib.sha256(thin).hexdigest(), complete_hours=12, hours=12)
    (work / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    git(work, "add", "-A")
    commit(work, "swap")
    git(work, "push", "--quiet", "origin", "snapshots")
    fresh = tmp_path / "fresh" / "raw"
    with pytest.raises(
        StoreError, match=r"china_sites_20250102\.csv: 24 complete hours before, 12 now.*--accept-shrink"
    ):
        pull(fresh, str(remote))
    assert nothing_written(fresh)

    # An editor who checked it accepts it, and the reason is recorded.
    result = CliRunner().invoke(
        main,
        [
            "snapshots",
            "pull",
            "--data",
            str(fresh.parent),
            "--remote",
            str(remote),
            "--accept-shrink",
            "上游更正",
        ],
    )
    assert result.exit_code == 0, result.output
    (record,) = json.loads((fresh / "accepted-shrinkage.json").read_text(encoding="utf-8"))
    assert record["reason"] == "上游更正" and "24 complete hours before, 12 now" in record["lost"][0]


# --- It stays inside its folder --------------------------------------------------------------------


def test_a_symbolic_link_in_the_store_is_never_restored_or_followed(tmp_path):
    remote = bare_remote(tmp_path)
    raw = with_hours(fetched_store(tmp_path / "data", SAMPLE_DAYS[:2]))
    push(raw, str(remote))
    outside = tmp_path / "outside"
    outside.mkdir()
    work = clone(remote, tmp_path / "vandal")
    os.symlink(outside, work / "files")  # a later fetch of a file would write into `outside`
    os.symlink("/etc/hostname", work / "cnemc" / "link.csv")
    git(work, "add", "-A")
    commit(work, "links")
    git(work, "push", "--quiet", "origin", "snapshots")
    fresh = tmp_path / "fresh" / "raw"
    with pytest.raises(StoreError, match=r"files: a symbolic link.*nothing was written"):
        pull(fresh, str(remote))
    assert nothing_written(fresh) and not any(outside.iterdir())


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "fifo"])
def test_a_local_store_folder_holding_a_link_or_device_is_refused_before_anything_is_written(tmp_path, kind):
    remote = bare_remote(tmp_path)
    raw = with_hours(fetched_store(tmp_path / "data", SAMPLE_DAYS[:2]))
    push(raw, str(remote))
    fresh = tmp_path / "fresh" / "raw"
    fresh.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("x", encoding="utf-8")
    if kind == "symlink":
        os.symlink(outside, fresh / "cnemc")
    elif kind == "hardlink":
        os.link(outside / "secret.txt", fresh / "secret.txt")
    else:
        os.mkfifo(fresh / "pipe")
    with pytest.raises(StoreError, match=r"nothing was written"):
        pull(fresh, str(remote))
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert not list(fresh.glob("*.json"))


# --- A typed manifest -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda m: m.update(files=[1, 2]), "files"),
        (lambda m: next(iter(m["files"].values())).update(sha256=12), ".sha256"),
        (lambda m: next(iter(m["files"].values())).update(versions="none"), ".versions"),
        (lambda m: next(iter(m["files"].values())).update(complete_hours="24"), ".complete_hours"),
        (lambda m: m["files"].update({"../../outside.csv": {"sha256": "0" * 64}}), "files.../../outside.csv"),
        (
            lambda m: next(iter(m["files"].values())).update(
                versions=[{"path": "/etc/passwd", "sha256": "0" * 64}]
            ),
            ".versions[1].path",
        ),
    ],
)
def test_a_manifest_with_values_of_the_wrong_type_is_a_sentence_naming_the_key(tmp_path, change, field):
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:2])
    manifest = json.loads((raw / MANIFEST).read_text(encoding="utf-8"))
    change(manifest)
    (raw / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(InputError) as info:
        SnapshotStore(raw)
    assert info.value.path == str(raw / MANIFEST) and info.value.field.endswith(field)
    result = CliRunner().invoke(
        main, ["snapshots", "push", "--data", str(raw.parent), "--remote", str(tmp_path / "r")]
    )
    assert result.exit_code != 0 and "Traceback" not in result.output and field in result.output


# --- Streamed checks and a quarantine ----------------------------------------------------------------


def gzip_bomb(inflated_mb: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join(z.compress(b"\0" * 2**20) for _ in range(inflated_mb)) + z.flush()


PEAK = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from generator.errors import InputError
    from generator.sources.snapshots.remote import pull
    try:
        pull(Path(sys.argv[1]), sys.argv[3])
    except InputError as exc:
        print(exc)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """
)


def test_a_gzip_bomb_in_the_store_costs_no_memory_and_is_moved_to_a_quarantine(tmp_path):
    remote = bare_remote(tmp_path)
    raw = with_hours(fetched_store(tmp_path / "data", SAMPLE_DAYS[:2]))
    push(raw, str(remote))
    work = clone(remote, tmp_path / "vandal")
    bomb = gzip_bomb(2100)  # about 2 MB, 2.1 GB inflated
    (work / "cnemc" / SAMPLE_DAYS[1].name).write_bytes(bomb)
    git(work, "add", "-A")
    commit(work, "bomb")
    git(work, "push", "--quiet", "origin", "snapshots")
    fresh = tmp_path / "fresh" / "raw"

    def peak(folder: Path, store) -> tuple[str, int]:
        out = subprocess.run(
            [sys.executable, "-c", PEAK, str(folder), str(ROOT), str(store)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        return "\n".join(out[:-1]), int(out[-1])

    message, megabytes = peak(fresh, remote)
    _, normal = peak(tmp_path / "normal" / "raw", remote_of(tmp_path, raw))
    assert megabytes < normal + 100, (megabytes, normal)
    assert "china_sites_20250102.csv: unreadable (inflates to more than" in message
    quarantined = tmp_path / "fresh" / "quarantine"
    assert f"moved to {quarantined}" in message
    (moved,) = [p for p in quarantined.rglob("*.gz")]
    assert moved.read_bytes() == bomb and not (fresh / "cnemc" / SAMPLE_DAYS[1].name).exists()
    assert (fresh / "cnemc" / SAMPLE_DAYS[0].name).is_file()  # the good file stays


def remote_of(tmp_path: Path, raw: Path) -> str:
    """A second store holding the same good days (the normal pull the bomb is measured against)."""
    remote = bare_remote(tmp_path, "good.git")
    push(raw, str(remote))
    return str(remote)


# --- Fetch refuses a web page where CSV is expected -------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>\xe7\x99\xbb\xe5\xbd\x95</title></head><body>login</body></html>",
        b"\xef\xbb\xbf\n  <html lang=zh><body>session expired</body></html>",
        b"<script>location='/login'</script>",
        b"<?xml version='1.0'?><error>denied</error>",
    ],
)
def test_an_html_page_served_as_a_day_file_is_refused_at_fetch(body):
    with pytest.raises(InputError, match="an HTML page, not a data file.*nothing stored"):
        check_day_file(body, date(2025, 1, 1), "https://example.cn/china_sites_20250101.csv")


def test_an_html_login_page_is_never_stored_as_a_day_of_0_hours(httpserver, tmp_path):
    from datetime import datetime

    from generator.sources.snapshots.fetch import BEIJING, FetchSettings, run_fetch

    page = "<!DOCTYPE html>\n<html><body><form action='/login'>请登录</form></body></html>\n".encode()
    httpserver.expect_request("/china_sites_20260105.csv").respond_with_data(page, content_type="text/csv")
    settings = FetchSettings(base_url=httpserver.url_for("/"), timeout=2, retries=0, parallel=1, backoff=0.01)
    summary = run_fetch(
        tmp_path, settings, date(2026, 1, 5), date(2026, 1, 5), now=datetime(2026, 1, 20, tzinfo=BEIJING)
    )
    (failed,) = summary.failed
    assert "an HTML page, not a data file" in failed.detail
    assert not (tmp_path / "raw" / "cnemc").exists() or not any((tmp_path / "raw" / "cnemc").iterdir())


def test_fetch_never_writes_through_a_link_in_the_store(tmp_path):
    from generator.sources.snapshots.fetch import FetchSettings, run_fetch

    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "data" / "raw").mkdir(parents=True)
    os.symlink(outside, tmp_path / "data" / "raw" / "cnemc")
    with pytest.raises(InputError, match=r"cnemc: a symbolic link.*nothing fetched"):
        run_fetch(
            tmp_path / "data",
            FetchSettings(base_url="http://127.0.0.1:9/"),
            date(2026, 1, 5),
            date(2026, 1, 5),
        )
    assert not any(outside.iterdir())
