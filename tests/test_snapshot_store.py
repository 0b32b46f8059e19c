"""The durable snapshot store (`snapshots pull|push`), against a local bare git repository.

The store must survive the loss of the Actions cache: pushed, local data removed, restored byte for
byte, the same site built. It only grows: a store that lost a file, a manifest that does not match
its files, an unreachable remote or a refused push each stop with a clear message, and none of them
changes the local data.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import FetchError, InputError
from generator.sources.snapshots.fetch import MANIFEST, SnapshotStore
from generator.sources.snapshots.remote import StoreError, pull, push, verify_manifest
from tests.conftest import CHINESE_ONLY, SAMPLE_DATA, build_site_into
from tests.test_site import tree_digest

SAMPLE_DAYS = sorted((SAMPLE_DATA / "raw" / "cnemc").glob("china_sites_*.csv.gz"))


def bare_remote(tmp_path: Path, name: str = "store.git") -> Path:
    remote = tmp_path / name
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    return remote


def fetched_store(data_dir: Path, days: list[Path]) -> Path:
    """A {data}/raw/ as `fetch` leaves it: archive files (gzipped) and a manifest with checksums."""
    raw = data_dir / "raw"
    store = SnapshotStore(raw)
    for path in days:
        body = gzip.decompress(path.read_bytes())
        rel = f"cnemc/{path.name.removesuffix('.gz')}"
        target = raw / "cnemc" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        day = path.name[12:20]
        store.record(
            rel,
            {
                "kind": "cnemc_daily",
                "day": f"{day[:4]}-{day[4:6]}-{day[6:]}",
                "sha256": hashlib.sha256(body).hexdigest(),
                "size": len(body),
                "versions": [],
            },
        )
    store.save()
    return raw


def commit(work: Path, message: str) -> None:
    """A commit in a work tree, as somebody other than this tool would make it."""
    identity = ["-c", "user.name=x", "-c", "user.email=x@x"]
    subprocess.run(["git", "-C", str(work), *identity, "commit", "--quiet", "-m", message], check=True)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_pushed_snapshots_come_back_byte_for_byte_after_the_local_copy_is_lost(tmp_path):
    remote = bare_remote(tmp_path)
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:10])
    before = files_of(raw)
    report = push(raw, str(remote))
    assert (report.added, report.changed, report.files) == (11, 0, 11)
    assert report.newest_day == "2025-01-10"

    shutil.rmtree(raw)  # the cache is gone
    restored = pull(raw, str(remote))
    assert files_of(raw) == before
    assert restored.files == 11 and restored.newest_day == "2025-01-10"


def test_a_second_push_appends_one_commit_with_only_the_new_files(tmp_path):
    remote = bare_remote(tmp_path)
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:5])
    push(raw, str(remote))
    fetched_store(tmp_path / "data", SAMPLE_DAYS[5:7])  # the next run fetched two more days
    report = push(raw, str(remote))
    assert (report.added, report.changed) == (2, 1)  # two days, and the manifest
    log = subprocess.run(
        ["git", "--git-dir", str(remote), "log", "--format=%s", "snapshots"], capture_output=True, text=True
    ).stdout.splitlines()
    assert len(log) == 2 and log[0] == "snapshots: 2 new, 1 changed; newest day 2025-01-07"
    assert push(raw, str(remote)).added == 0  # nothing new: no commit
    assert (
        len(
            subprocess.run(
                ["git", "--git-dir", str(remote), "rev-list", "snapshots"], capture_output=True, text=True
            ).stdout.split()
        )
        == 2
    )


def test_a_store_that_lost_a_file_it_once_held_stops_publishing(tmp_path):
    remote = bare_remote(tmp_path)
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:5])
    push(raw, str(remote))
    # Someone empties the branch (a bad force-push, a clean-up): the history still shows it.
    work = tmp_path / "vandal"
    subprocess.run(["git", "clone", "--quiet", "--branch", "snapshots", str(remote), str(work)], check=True)
    subprocess.run(["git", "-C", str(work), "rm", "--quiet", "-r", "cnemc"], check=True)
    commit(work, "clean up")
    subprocess.run(["git", "-C", str(work), "push", "--quiet", "origin", "snapshots"], check=True)

    empty = tmp_path / "fresh" / "raw"
    with pytest.raises(
        StoreError, match=r"has lost 5 file\(s\) it once held, e\.g\. cnemc/china_sites_20250101"
    ):
        pull(empty, str(remote))
    assert not any(empty.rglob("*.gz"))


def test_an_absent_store_is_an_error_except_on_the_very_first_run(tmp_path):
    remote = bare_remote(tmp_path)
    raw = tmp_path / "data" / "raw"
    with pytest.raises(StoreError, match="has no branch 'snapshots'.*--init"):
        pull(raw, str(remote))
    assert pull(raw, str(remote), init=True).files == 0


def test_an_emptied_branch_without_a_manifest_is_refused(tmp_path):
    remote = bare_remote(tmp_path)
    work = tmp_path / "w"
    subprocess.run(["git", "init", "--quiet", "-b", "snapshots", str(work)], check=True)
    (work / "README").write_text("nothing here\n")
    subprocess.run(["git", "-C", str(work), "add", "."], check=True)
    commit(work, "empty")
    subprocess.run(["git", "-C", str(work), "push", "--quiet", str(remote), "snapshots"], check=True)
    with pytest.raises(StoreError, match="holds no manifest.json: refusing an empty store"):
        pull(tmp_path / "data" / "raw", str(remote))


def test_a_manifest_checksum_that_does_not_match_is_refused_and_named(tmp_path):
    remote = bare_remote(tmp_path)
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:3])
    damaged = raw / "cnemc" / SAMPLE_DAYS[1].name
    damaged.write_bytes(gzip.compress(b"date,hour,type\n"))
    assert verify_manifest(raw) == [
        f"cnemc/{SAMPLE_DAYS[1].name.removesuffix('.gz')}: sha256 "
        f"{hashlib.sha256(b'date,hour,type' + bytes([10])).hexdigest()[:12]}… does not match the manifest's "
        f"{SnapshotStore(raw).entries['cnemc/' + SAMPLE_DAYS[1].name.removesuffix('.gz')]['sha256'][:12]}…"
    ]
    with pytest.raises(
        InputError, match=r"manifest\.json: refusing to store .*china_sites_20250102\.csv: sha256"
    ):
        push(raw, str(remote))
    listed = subprocess.run(
        ["git", "--git-dir", str(remote), "branch", "--list"], capture_output=True, text=True
    )
    assert listed.stdout == ""  # nothing stored


def test_a_store_whose_files_do_not_match_its_manifest_is_refused_on_pull(tmp_path):
    remote = bare_remote(tmp_path)
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:3])
    store = SnapshotStore(raw)
    rel = "cnemc/" + SAMPLE_DAYS[0].name.removesuffix(".gz")
    store.record(rel, {**store.entries[rel], "sha256": "0" * 64})
    store.save()
    # Pushed by something that did not check (e.g. an older version of this tool).
    work = tmp_path / "w"
    shutil.copytree(raw, work)
    subprocess.run(["git", "init", "--quiet", "-b", "snapshots", str(work)], check=True)
    subprocess.run(["git", "-C", str(work), "add", "."], check=True)
    commit(work, "unchecked")
    subprocess.run(["git", "-C", str(work), "push", "--quiet", str(remote), "snapshots"], check=True)
    with pytest.raises(
        InputError, match=r"does not match its manifest: cnemc/china_sites_20250101\.csv: sha256"
    ):
        pull(tmp_path / "fresh" / "raw", str(remote))


def test_an_unreachable_store_fails_and_changes_nothing(tmp_path):
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:3])
    before = files_of(raw)
    missing = tmp_path / "no-such-store.git"
    with pytest.raises(StoreError, match="is unreachable.*nothing was published"):
        push(raw, str(missing))
    with pytest.raises(StoreError, match="is unreachable"):
        pull(raw, str(missing))
    assert files_of(raw) == before


def test_an_interrupted_push_leaves_the_store_as_it_was_and_the_next_run_completes_it(tmp_path):
    remote = bare_remote(tmp_path)
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:4])
    push(raw, str(remote))
    stored = subprocess.run(
        ["git", "--git-dir", str(remote), "rev-parse", "snapshots"], capture_output=True, text=True
    ).stdout
    # The connection drops after the objects were sent, before the branch moved.
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'connection reset' >&2\nexit 1\n")
    hook.chmod(0o755)
    fetched_store(tmp_path / "data", SAMPLE_DAYS[4:6])
    before = files_of(raw)
    with pytest.raises(StoreError, match="git push failed"):
        push(raw, str(remote))
    assert (
        subprocess.run(
            ["git", "--git-dir", str(remote), "rev-parse", "snapshots"], capture_output=True, text=True
        ).stdout
        == stored
    )
    assert files_of(raw) == before
    hook.unlink()
    assert push(raw, str(remote)).added == 2
    shutil.rmtree(raw)
    pull(raw, str(remote))
    assert files_of(raw) == before


def test_push_refuses_to_drop_what_the_store_holds(tmp_path):
    remote = bare_remote(tmp_path)
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:4])
    push(raw, str(remote))
    shutil.rmtree(raw)
    fetched_store(tmp_path / "data", SAMPLE_DAYS[4:5])  # a fresh machine fetched without pulling
    with pytest.raises(StoreError, match="lacks 4 file\\(s\\) the store holds.*pull.*first"):
        push(raw, str(remote))


def test_a_superseded_snapshot_moved_to_versions_is_no_loss(tmp_path):
    remote = bare_remote(tmp_path)
    raw = tmp_path / "data" / "raw"
    store = SnapshotStore(raw)
    first = raw / "files" / "stations" / "list.csv"
    for body in (b"code,name\n1173A,a\n", b"code,name\n1173A,b\n"):
        outcome, versions = store.put(first, body)
        store.record(
            "files/stations/list.csv",
            {"kind": "stations", "sha256": hashlib.sha256(body).hexdigest(), "versions": versions},
        )
        store.save()
        push(raw, str(remote))
    shutil.rmtree(raw)
    pull(raw, str(remote))
    assert first.read_bytes() == b"code,name\n1173A,b\n"
    assert (raw / "files" / "stations" / "versions" / "list.v1.csv").read_bytes() == b"code,name\n1173A,a\n"


def test_pull_never_overwrites_a_local_file_that_differs(tmp_path):
    remote = bare_remote(tmp_path)
    raw = fetched_store(tmp_path / "data", SAMPLE_DAYS[:2])
    push(raw, str(remote))
    (raw / MANIFEST).write_text('{"format": 1, "files": {}}\n')
    with pytest.raises(StoreError, match="differ from the store.*manifest.json.*nothing was changed"):
        pull(raw, str(remote))
    assert (raw / MANIFEST).read_text() == '{"format": 1, "files": {}}\n'


def test_the_commands_report_in_one_line_and_fail_with_exit_2(tmp_path):
    remote = bare_remote(tmp_path)
    data = tmp_path / "data"
    fetched_store(data, SAMPLE_DAYS[:2])
    runner = CliRunner()
    result = runner.invoke(main, ["snapshots", "push", "--data", str(data), "--remote", str(remote)])
    assert result.exit_code == 0, result.output
    assert "3 files in the store, 3 new, 0 changed, newest day 2025-01-02" in result.output
    shutil.rmtree(data / "raw")
    result = runner.invoke(main, ["snapshots", "pull", "--data", str(data), "--remote", str(remote)])
    assert result.exit_code == 0 and "snapshots restored: 3 files" in result.output
    result = runner.invoke(
        main, ["snapshots", "pull", "--data", str(tmp_path / "x"), "--remote", str(tmp_path / "gone.git")]
    )
    assert result.exit_code == 2 and "unreachable" in result.output
    assert issubclass(StoreError, FetchError)


@pytest.mark.slow
def test_a_site_built_from_restored_snapshots_equals_the_site_built_before(tmp_path):
    remote = bare_remote(tmp_path)
    data = tmp_path / "data"
    fetched_store(data, SAMPLE_DAYS[:35])
    first = tree_digest(build_site_into(data, tmp_path / "before", languages=CHINESE_ONLY))
    push(data / "raw", str(remote))
    shutil.rmtree(data / "raw")
    pull(data / "raw", str(remote))
    second = tree_digest(build_site_into(data, tmp_path / "after", languages=CHINESE_ONLY))
    assert first == second
