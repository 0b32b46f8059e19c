"""`python -m generator snapshots pull|push`: keep {data}/raw/ for good in a git branch."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.options import data_option
from generator.sources.snapshot_remote import DEFAULT_BRANCH, pull, push

_data = data_option("Data folder; the snapshots are <data>/raw/.")
_remote = click.option(
    "--remote",
    required=True,
    help="The store: any git remote (a URL, or a path to a bare repository).",
)
_branch = click.option("--branch", default=DEFAULT_BRANCH, show_default=True, help="The store's branch.")


@click.group()
def snapshots() -> None:
    """The durable snapshot store (see docs/data-sources.md, "Keeping snapshots for good")."""


@snapshots.command("pull")
@_data
@_remote
@_branch
@click.option("--init", is_flag=True, help="The very first run: an absent branch is not an error.")
def pull_command(data_dir: Path, remote: str, branch: str, init: bool) -> None:
    """Restore <data>/raw/ from the store, byte for byte, after checking it never lost a file."""
    report = pull(data_dir / "raw", remote, branch=branch, init=init)
    click.echo(f"快照已恢复 / snapshots restored: {report.line()}")


@snapshots.command("push")
@_data
@_remote
@_branch
def push_command(data_dir: Path, remote: str, branch: str) -> None:
    """Append <data>/raw/ to the store: one commit with the new and changed files, never a removal."""
    report = push(data_dir / "raw", remote, branch=branch)
    click.echo(f"快照已保存 / snapshots stored: {report.line()}")
