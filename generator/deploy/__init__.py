"""Deploying a built site to where readers fetch it (docs/deploy.md).

The targets come from data/site.toml (`[[deploy.targets]]`, read by config/publishing.py):
S3-compatible object storage (s3.py), the bureau's web server over rsync/SSH (rsync.py); GitHub
Pages is deployed by the publish workflow's own job. Each deploy sends only what changed, in an
order that never leaves a page linking to a missing file, and deletes last (plan.py, run.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.config.publishing import PagesTarget, RsyncTarget, S3Target


def open_store(target, site_dir: Path, env: dict | None = None):
    """The store of a configured target; None for GitHub Pages (the workflow deploys it)."""
    env = os.environ if env is None else env
    if isinstance(target, S3Target):
        from generator.deploy.s3 import S3Store

        return S3Store(target, env)
    if isinstance(target, RsyncTarget):
        from generator.deploy.rsync import RsyncStore

        return RsyncStore(target, site_dir, env)
    if isinstance(target, PagesTarget):
        return None
    raise TypeError(f"unknown target {target!r}")
