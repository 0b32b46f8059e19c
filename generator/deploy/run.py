"""One deploy: read the target, plan, upload stage by stage, record, then delete (plan.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.deploy.objects import STAGE_NAMES, site_objects
from generator.deploy.plan import Plan, TargetState, decode_manifest, encode_manifest, make_plan


@dataclass(frozen=True)
class DeployReport:
    target: str
    uploaded: int
    unchanged: int
    deleted: int

    def summary(self) -> str:
        return (
            f"{self.target}: 上传 {self.uploaded} 个，未变 {self.unchanged} 个，删除 {self.deleted} 个"
            f" / uploaded {self.uploaded}, unchanged {self.unchanged}, deleted {self.deleted}"
        )


def deploy(
    site_dir: Path, target, echo: Callable[[str], None] = print, verbose: bool = False
) -> DeployReport:
    """Bring `target` (s3.S3Store or rsync.RsyncStore) to the built site at `site_dir`."""
    objects = site_objects(Path(site_dir), target.precompressed)
    if "index.html" not in objects:
        raise ValueError(f"{site_dir} has no index.html: not a built site")
    state = TargetState(listing=target.listing(), manifest=decode_manifest(target.read_manifest()))
    plan = make_plan(objects, state)
    echo(f"{target.name}: {plan.uploads} 个待上传，{plan.unchanged} 个未变，{len(plan.deletions)} 个待删除")
    digests = dict(state.manifest)
    for name, stage in zip(STAGE_NAMES, plan.stages, strict=True):
        if not stage:
            continue
        target.put(stage, lambda key, name=name: verbose and echo(f"  上传（{name}） {key}"))
        # Recorded after each stage: a re-run after a kill sends only what did not arrive.
        digests.update({obj.key: obj.digest for obj in stage})
        target.write_manifest(encode_manifest(digests))
    _finish(target, plan, echo, verbose)
    return DeployReport(target.name, plan.uploads, plan.unchanged, len(plan.deletions))


def _finish(target, plan: Plan, echo, verbose: bool) -> None:
    """Everything new is in place: delete what the new site no longer has, record the new site."""
    if plan.deletions:
        if verbose:
            for key in plan.deletions:
                echo(f"  删除 {key}")
        target.delete(plan.deletions)
    target.write_manifest(encode_manifest({k: o.digest for k, o in plan.objects.items()}))
