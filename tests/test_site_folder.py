"""`build --out`: never a folder that holds other files, and a killed build never leaves a partial site."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import InputError
from generator.site import site_folder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path) -> dict[str, Path]:
    root = tmp_path / "project"
    (root / "data" / "sample").mkdir(parents=True)
    (root / "data" / "sample" / "dataset.toml").write_text("[dataset]\nsample = true\n", encoding="utf-8")
    return {"root": root, "data": root / "data" / "sample"}


@pytest.mark.parametrize("which", ["data", "data parent", "root", "root parent"])
def test_out_is_never_the_data_folder_the_project_root_or_a_parent(project, which):
    out = {
        "data": project["data"],
        "data parent": project["data"].parent,
        "root": project["root"],
        "root parent": project["root"].parent,
    }[which]
    with pytest.raises(InputError, match="is the data folder or holds it|is the project root or holds it"):
        site_folder.check_out_dir(out, data_dir=project["data"], project_root=project["root"])


def test_out_refuses_a_folder_of_other_files_and_accepts_a_new_empty_or_previous_site(project, tmp_path):
    check = lambda out: site_folder.check_out_dir(out, data_dir=project["data"], project_root=project["root"])  # noqa: E731
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(InputError, match=r"is not empty and is not a site built here \(no \.lyg-site file\)"):
        check(other)
    with pytest.raises(InputError, match="is a file, not a folder"):
        check(other / "todo.txt")
    check(tmp_path / "new")  # does not exist yet
    (tmp_path / "empty").mkdir()
    check(tmp_path / "empty")
    previous = tmp_path / "previous"
    previous.mkdir()
    (previous / "index.html").write_text("old", encoding="utf-8")
    (previous / site_folder.SITE_MARKER).write_text(site_folder.MARKER_TEXT, encoding="utf-8")
    check(previous)


@pytest.mark.parametrize("out", ["data", "."])
def test_build_command_refuses_the_data_folder_and_its_parents_and_deletes_nothing(
    tmp_path, out, monkeypatch
):
    data = tmp_path / "data"
    data.mkdir()
    (data / "dataset.toml").write_text("[dataset]\nsample = true\n", encoding="utf-8")
    (tmp_path / "keep.txt").write_text("keep", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--data", "data", "--out", out, "--quiet"])
    assert result.exit_code == 2, result.output
    assert "--out" in result.output and "is the data folder or holds it" in result.output
    assert "Traceback" not in result.output
    assert (data / "dataset.toml").is_file() and (tmp_path / "keep.txt").is_file()


def test_a_published_site_is_readable_by_everyone_whatever_the_umask(tmp_path):
    old_umask = os.umask(0o077)
    try:
        staging = site_folder.staging_dir(tmp_path / "site")
        (staging / "a" / "b").mkdir(parents=True)
        (staging / "a" / "b" / "index.html").write_text("page", encoding="utf-8")
        (staging / "index.html").write_text("home", encoding="utf-8")
        site_folder.publish(staging, tmp_path / "site")
    finally:
        os.umask(old_umask)
    site = tmp_path / "site"
    modes = {p.relative_to(site).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")]}
    assert modes == {
        ".": 0o755,
        "a": 0o755,
        "a/b": 0o755,
        "a/b/index.html": 0o644,
        "index.html": 0o644,
        ".lyg-site": 0o644,
    }


FILES = 400
PUBLISHER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from generator.site import site_folder

    out, generations = Path(sys.argv[1]), int(sys.argv[2])
    start = int(sys.argv[3])
    for gen in range(start, start + generations):
        site_folder.recover(out)
        staging = site_folder.staging_dir(out)
        for i in range({files}):
            folder = staging / f"d{{i % 20}}"
            folder.mkdir(exist_ok=True)
            (folder / f"f{{i}}.html").write_text(str(gen))
        site_folder.publish(staging, out)
    """
).format(files=FILES)


def whole_site(out: Path) -> set[str]:
    """The generations the site's pages come from (one when the site is whole); asserts the file count."""
    pages = [p for p in out.rglob("*.html")]
    assert len(pages) == FILES, f"partial site: {len(pages)} of {FILES} pages"
    assert (out / site_folder.SITE_MARKER).is_file()
    return {p.read_text() for p in pages}


@pytest.mark.slow
@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "rename-aside"])
def test_a_build_killed_at_random_points_leaves_the_old_or_the_new_site_whole(tmp_path, exchange):
    out = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not exchange:
        env["LYG_NO_RENAME_EXCHANGE"] = "1"
    subprocess.run([sys.executable, "-c", PUBLISHER, str(out), "1", "0"], check=True, env=env, cwd=ROOT)
    assert whole_site(out) == {"0"}
    rng = random.Random(13)
    for kill in range(1, 9):
        proc = subprocess.Popen(
            [sys.executable, "-c", PUBLISHER, str(out), "1000", str(kill * 1000)], env=env
        )
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not exchange:
            site_folder.recover(out)  # what the next build does first
        assert len(whole_site(out)) == 1  # all pages of one generation: the old site or the new one
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "site"]
    site_folder.recover(out)
    assert not [p.name for p in tmp_path.iterdir() if p.name != "site"], leftovers
