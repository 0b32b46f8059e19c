"""The GitHub Actions workflows are valid (SchemaStore's workflow schema, vendored by
check-jsonschema) and do what the README promises; every dependency file installs anywhere."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _check_jsonschema() -> str:
    candidate = Path(sys.executable).parent / "check-jsonschema"
    found = str(candidate) if candidate.exists() else shutil.which("check-jsonschema")
    if not found:
        pytest.fail("check-jsonschema is not installed (it comes with the test extra)")
    return found


def test_workflows_match_the_github_workflow_schema():
    result = subprocess.run(
        [_check_jsonschema(), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_misspelt_key(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n", encoding="utf-8")
    result = subprocess.run(
        [_check_jsonschema(), "--builtin-schema", "vendor.github-workflows", str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "stepz" in result.stdout


DEPENDENCY_FILES = ["requirements.lock", "pyproject.toml"]
# A local path or a file URL installs only on the machine that wrote it.
LOCAL_REFERENCE = re.compile(r"file:|@\s*(/|\.|~)|^\s*(-e\s+)?(/|\./|\.\./|~)", re.MULTILINE)


@pytest.mark.parametrize("name", DEPENDENCY_FILES)
def test_dependency_files_name_packages_and_versions_never_a_path(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert not LOCAL_REFERENCE.search(text), LOCAL_REFERENCE.search(text).group(0)


def test_the_lock_pins_every_package_with_hashes():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==\S+ \\$", text, re.MULTILINE)
    assert len(pins) > 40
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        if "==" in block.split("\n")[0]:
            assert "--hash=sha256:" in block, block.split("\n")[0]
    assert "--require-hashes" in (ROOT / "Makefile").read_text(encoding="utf-8")


def _load(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_ci_runs_make_test_and_builds_the_site():
    steps = [s.get("run", "") for s in _load("ci.yml")["jobs"]["test"]["steps"]]
    assert "make test" in steps and "make site" in steps


def test_publish_runs_every_hour_after_upstream_has_released_the_hour():
    """The national platform releases an hour about half an hour after it ends: a run at minute 35 of
    every hour, every day (Mondays included, so the weekly ranking follows Sunday's last hour)."""
    wf = _load("publish.yml")
    (schedule,) = wf["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (hour, day, month, weekday) == ("*", "*", "*", "*")
    assert 30 <= int(minute) <= 59
    assert "workflow_dispatch" in wf["on"]


def test_an_hourly_run_takes_the_warm_path():
    """A scheduled run restores the snapshots from the store (fetching only what is new) and the
    build caches before building, and saves them after: no step is skipped for a scheduled run, and
    nothing in the run starts from an empty cache or store."""
    steps = _steps(_load("publish.yml")["jobs"]["build"])
    runs = [s.get("run", "") for s in steps]
    restore = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache/restore"))
    save = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache/save"))
    build = next(i for i, r in enumerate(runs) if "generator build" in r)
    pull = next(i for i, r in enumerate(runs) if "generator snapshots pull" in r)
    assert pull < restore < build < save
    assert steps[restore]["with"]["restore-keys"].split() == ["build-cache-", "charts-"]
    assert not any("schedule" in str(s.get("if", "")) for s in steps)
    fetch = next(r for r in runs if "generator fetch" in r)
    assert "--from" not in fetch and "--to" not in fetch  # the manifest's missing days and hours only


def test_publish_runs_at_once_when_an_editor_pushes_a_warning_or_forecast():
    paths = _load("publish.yml")["on"]["push"]["paths"]
    assert "data/warnings/**" in paths and "data/forecasts/**" in paths


def test_publish_after_code_changes_waits_for_a_green_ci():
    wf = _load("publish.yml")
    assert wf["on"]["workflow_run"] == {"workflows": ["ci"], "types": ["completed"], "branches": ["main"]}
    build = wf["jobs"]["build"]
    assert "github.event.workflow_run.conclusion == 'success'" in build["if"]
    scope = next(s for s in build["steps"] if s.get("id") == "scope")["run"]
    assert "ci.yml/runs?head_sha=" in scope and "grep -qv '^data/'" in scope


def _steps(job: dict) -> list[dict]:
    return job["steps"]


def test_publish_keeps_snapshots_in_the_durable_store_around_the_fetch():
    runs = [s.get("run", "") for s in _steps(_load("publish.yml")["jobs"]["build"])]
    pull = next(i for i, r in enumerate(runs) if "generator snapshots pull" in r)
    fetch = next(i for i, r in enumerate(runs) if "generator fetch" in r)
    push = next(i for i, r in enumerate(runs) if "generator snapshots push" in r)
    build = next(i for i, r in enumerate(runs) if "generator build" in r)
    assert pull < fetch < push < build
    assert not any(
        "actions/cache" in s.get("uses", "") and "data/raw" in str(s.get("with", {}))
        for s in _steps(_load("publish.yml")["jobs"]["build"])
    )


def test_publish_keeps_the_render_caches_between_runs():
    """Chart renders, page conversions and search entries (build/cache/pages) and compiled templates,
    restored and saved."""
    steps = _steps(_load("publish.yml")["jobs"]["build"])
    cached = [
        s
        for s in steps
        if s.get("uses", "").startswith("actions/cache/") and "build/cache/charts" in s["with"]["path"]
    ]
    assert sorted(s["uses"].split("@")[0] for s in cached) == ["actions/cache/restore", "actions/cache/save"]
    assert {tuple(s["with"]["path"].split()) for s in cached} == {
        ("build/cache/charts", "build/cache/pages", "build/cache/templates")
    }


def test_publish_checks_the_built_artifact_and_deploys_only_after_it_passed():
    jobs = _load("publish.yml")["jobs"]
    assert jobs["deploy"]["needs"] == "build"
    steps = _steps(jobs["build"])
    uses = [s.get("uses", "") for s in steps] + [s.get("uses", "") for s in _steps(jobs["deploy"])]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    runs = [s.get("run", "") for s in steps]
    check = next(i for i, r in enumerate(runs) if "generator check-site site" in r)
    upload = next(
        i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert next(i for i, r in enumerate(runs) if "generator build" in r) < check < upload
    assert not any("make test" in r for r in runs)  # code is tested by ci.yml, not on every data push


def test_a_quiet_upstream_fails_the_run_visibly_after_deploying():
    jobs = _load("publish.yml")["jobs"]
    runs = " ".join(s.get("run", "") for s in _steps(jobs["build"]))
    assert "generator status --data data" in runs
    assert jobs["freshness"]["needs"] == ["build", "deploy"]
    assert "needs.build.outputs.stale == 'true'" in jobs["freshness"]["if"]


def test_a_failed_fetch_still_publishes_what_is_held_and_then_fails_the_run():
    jobs = _load("publish.yml")["jobs"]
    fetch = next(s for s in _steps(jobs["build"]) if "generator fetch" in s.get("run", ""))
    assert fetch["continue-on-error"] is True and fetch["id"] == "fetch"
    assert "needs.build.outputs.fetch_failed == 'true'" in jobs["freshness"]["if"]


def _commands(path) -> list[str]:
    """The shell lines of a script that run something: no comments, no blank lines."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def _make_recipe(target: str) -> list[str]:
    """The recipe lines of a Makefile target (a comment or a line that mentions it does not count)."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^{target}:", line))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_ci_script_runs_make_test():
    commands = _commands(ROOT / ".ci" / "run")
    assert "make test" in commands  # a command of its own, not a word in a comment
    assert "set -euo pipefail" in commands[: commands.index("make test")]  # a failure fails the run


def test_make_test_runs_every_test_in_parallel_and_lists_the_slowest():
    (line,) = [line for line in _make_recipe("test") if "-m pytest" in line]
    run = line.split("-m pytest", 1)[1]  # pytest's own options
    assert " -m " not in run and " -k " not in run and "--deselect" not in run  # nothing left out
    assert "-n $(TEST_WORKERS)" in run and "--durations=15" in run
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: lint\b", makefile, re.M)  # lint first, as CI has always run it


def test_make_check_leaves_out_exactly_the_slow_kinds():
    (run,) = [line for line in _make_recipe("check") if "pytest" in line]
    assert '-m "not site and not browser and not slow and not shared_data"' in run


def _step_index(items: list, predicate) -> int:
    return next(i for i, item in enumerate(items) if predicate(item))


@pytest.mark.parametrize("workflow, job", [("ci.yml", "test"), ("publish.yml", "build")])
def test_the_built_site_is_checked_before_anything_is_uploaded(workflow, job):
    steps = _load(workflow)["jobs"][job]["steps"]
    runs = [s.get("run", "") for s in steps]
    built = _step_index(runs, lambda run: "make site" in run or "generator build" in run)
    checked = _step_index(runs, lambda run: "generator check-site site/" in run)
    uploads = ("actions/upload-", "actions/deploy-")
    uploaded = _step_index(steps, lambda s: s.get("uses", "").startswith(uploads))
    assert built < checked < uploaded


def test_a_site_finding_on_unchanged_pages_publishes_the_warning_and_then_fails_the_run():
    """check-site exit 3 (generator/sitecheck/baseline.py): deployed, then job site-findings fails."""
    jobs = _load("publish.yml")["jobs"]
    steps = _steps(jobs["build"])
    check = next(s for s in steps if "generator check-site site/" in s.get("run", ""))
    assert "--baseline build/site-digests.json" in check["run"] and '"$rc" = 3' in check["run"]
    assert "continue-on-error" not in check  # any other failure still keeps the last deployed site
    kept = [s for s in steps if s.get("with", {}).get("path") == "build/site-digests.json"]
    assert [s["uses"].split("@")[0] for s in kept] == ["actions/cache/restore", "actions/cache/save"]
    assert jobs["site-findings"]["needs"] == ["build", "deploy"]
    assert "needs.build.outputs.site_findings == 'true'" in jobs["site-findings"]["if"]


def test_ci_builds_with_zensical_strictly_and_compares_its_pages_without_blocking():
    job = _load("ci.yml")["jobs"]["zensical"]
    assert job["continue-on-error"] is True and "needs" not in job  # reported, never blocking
    runs = [s.get("run", "") for s in _steps(job)]
    assert "make site-zensical" in runs
    assert any(r.startswith(".venv/bin/python -m pytest tests/test_zensical.py") for r in runs)
    assert any("GITHUB_STEP_SUMMARY" in r for r in runs)
    # One strict build per edition: the Chinese site, then the English one (issue 31).
    builds = [line for line in _make_recipe("site-zensical") if "/zensical build " in line]
    configs = [b.split("--config-file")[1].split()[0] for b in builds]
    assert configs == ["build/zensical.yml", "build/en/zensical.yml"]
    assert all("--strict" in b.split() for b in builds)
