"""Running `python -m generator deploy` as a reader's operator would, and killing it half-way."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = re.compile(r"uploaded (\d+), unchanged (\d+), deleted (\d+)")


def write_config(path: Path, target: str) -> Path:
    """A site.toml with one deploy target (`target`: the TOML lines of [[deploy.targets]])."""
    text = (
        f'areas = []\n[site]\nname = "测试"\nurl = "https://air.example.cn/"\n[[deploy.targets]]\n{target}\n'
    )
    path.write_text(text, encoding="utf-8")
    return path


def command(site: Path, config: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "deploy", str(site), "--config", str(config), "--verbose"]


def run_deploy(site: Path, config: Path, env: dict) -> tuple[dict[str, int], list[str]]:
    """A whole deploy: its counts (uploaded, unchanged, deleted) and the keys it uploaded."""
    result = subprocess.run(
        command(site, config),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    counts = SUMMARY.search(result.stdout)
    assert counts, result.stdout
    uploaded = re.findall(r"^  上传（[^）]+） (.+)$", result.stdout, flags=re.M)
    return dict(zip(("uploaded", "unchanged", "deleted"), map(int, counts.groups()), strict=True)), uploaded


def kill_deploy_after(site: Path, config: Path, env: dict, uploads: int) -> int:
    """Start a deploy and SIGKILL it (and its rsync) once it has reported `uploads` uploads;
    returns how many it had reported."""
    proc = subprocess.Popen(
        command(site, config),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    seen = 0
    for line in proc.stdout:
        if line.startswith("  上传"):
            seen += 1
            if seen >= uploads:
                os.killpg(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=60)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, "the deploy finished before it could be killed"
    return seen
