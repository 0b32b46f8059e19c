"""`python -m generator snapshots pull|push`: keep {data}/raw/ for good in a git branch."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.options import data_option
from generator.sources.snapshots.remote import DEFAULT_BRANCH, pull, push

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
@click.option(
    "--accept-shrink",
    metavar="REASON",
    default=None,
    help="Accept a store that holds less than before (a day fewer, fewer hours); REASON is recorded "
    "in <data>/raw/accepted-shrinkage.json.",
)
def pull_command(data_dir: Path, remote: str, branch: str, init: bool, accept_shrink: str | None) -> None:
    """Restore <data>/raw/ from the store, byte for byte, after checking it never lost a file."""
    if accept_shrink is not None and not accept_shrink.strip():
        raise click.BadParameter("give the reason, e.g. --accept-shrink '上游撤回了错误的 3 月 1 日数据'")
    report = pull(data_dir / "raw", remote, branch=branch, init=init, accept_shrink=accept_shrink)
    click.echo(f"快照已恢复 / snapshots restored: {report.line()}")


@snapshots.command("push")
@_data
@_remote
@_branch
def push_command(data_dir: Path, remote: str, branch: str) -> None:
    """Append <data>/raw/ to the store: one commit with the new and changed files, never a removal."""
    report = push(data_dir / "raw", remote, branch=branch)
    click.echo(f"快照已保存 / snapshots stored: {report.line()}")
