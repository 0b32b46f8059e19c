"""`python -m generator deploy SITE_DIR`: send a built, checked site to its configured targets."""

from __future__ import annotations

from pathlib import Path

import click

from generator.commands.options import config_option
from generator.errors import FetchError


@click.command("deploy")
@click.argument("site_dir", type=click.Path(path_type=Path, exists=True, file_okay=False))
@config_option("Site configuration: [[deploy.targets]] names the targets.")
@click.option("--target", "names", multiple=True, help="Deploy only this target (repeatable). Default: all.")
@click.option("--verbose", is_flag=True, help="Print every object as it is uploaded or deleted.")
def deploy_command(site_dir: Path, config_path: Path, names: tuple[str, ...], verbose: bool) -> None:
    """Upload what changed to each target (assets and data, then pages, then the home page and
    feeds), then delete what the new site no longer has. Keys come from environment variables
    (docs/deploy.md). GitHub Pages targets are deployed by the publish workflow and skipped here."""
    from botocore.exceptions import BotoCoreError, ClientError

    from generator.config import load_config
    from generator.config.publishing import deploy_targets
    from generator.deploy import open_store
    from generator.deploy.run import deploy

    config = load_config(config_path)
    targets = deploy_targets(config.path, config.raw)
    unknown = set(names) - {t.name for t in targets}
    if unknown:
        raise click.BadParameter(
            f"no target named {sorted(unknown)[0]!r} in {config.path}", param_hint="--target"
        )
    for target in targets:
        if names and target.name not in names:
            continue
        store = open_store(target, site_dir)
        if store is None:
            click.echo(f"{target.name}: GitHub Pages，由发布工作流部署 / deployed by the publish workflow")
            continue
        try:
            report = deploy(site_dir, store, echo=lambda line: click.echo(line), verbose=verbose)
        except (BotoCoreError, ClientError) as exc:
            raise FetchError(f"{target.name}: {exc}") from exc
        click.echo(report.summary())
