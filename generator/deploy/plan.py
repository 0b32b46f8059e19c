"""What a deploy sends, in which order, and what it deletes: the new site against the target.

The target's state is its listing (which keys exist, their sizes) and the manifest the last
deploy left beside the site (each key's digest: body and headers). An object travels when its
key is missing from the listing, its size differs, or its digest differs from the manifest's;
an object the manifest does not know (a deploy killed before writing it) travels again.

Order (objects.py stages): files new to the target first (nothing links to them yet), then new
pages, then changed files (data, images, unfingerprinted styles), then changed pages, and last
the entrances (home page, changed feeds, sitemap). So a page is replaced only when everything it links to
is in place, and an old page still finds everything it links to, since nothing is deleted until
every new object is in place and the manifest records them. Killed at any point, the target
holds pages of the old site and of the new one, each whole, each finding its links; a re-run
sends what is still missing or different, then deletes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from generator.deploy.objects import (
    ADDED_FILES,
    ADDED_PAGES,
    CHANGED_FILES,
    CHANGED_PAGES,
    ENTRANCES,
    MANIFEST_KEY,
    SiteObject,
    is_entrance,
    is_page,
)


@dataclass(frozen=True)
class TargetState:
    listing: dict[str, int]  # key -> size, every object under the target's prefix
    manifest: dict[str, str]  # key -> digest, as the last deploy recorded them


@dataclass
class Plan:
    stages: list[list[SiteObject]]  # uploads, stage by stage (objects.STAGE_NAMES)
    deletions: list[str]
    unchanged: int
    objects: dict[str, SiteObject] = field(repr=False, default_factory=dict)

    @property
    def uploads(self) -> int:
        return sum(len(s) for s in self.stages)


def _stage(obj: SiteObject, added: bool) -> int:
    # A new feed (a new area's) goes with the new files: a changed page may link it, and nothing
    # live links it yet. A home page (the Chinese or the English edition's) is new only on a first
    # deploy (of its edition), and goes last even then.
    if is_entrance(obj.key) and (not added or obj.key.removeprefix("en/") == "index.html"):
        return ENTRANCES
    if added:
        return ADDED_PAGES if is_page(obj.key) else ADDED_FILES
    return CHANGED_PAGES if is_page(obj.key) else CHANGED_FILES


def make_plan(objects: dict[str, SiteObject], state: TargetState) -> Plan:
    stages: list[list[SiteObject]] = [[] for _ in range(ENTRANCES + 1)]
    unchanged = 0
    for key in sorted(objects):
        obj = objects[key]
        present = key in state.listing
        if present and state.listing[key] == obj.size and state.manifest.get(key) == obj.digest:
            unchanged += 1
            continue
        stages[_stage(obj, added=not present)].append(obj)
    deletions = sorted(k for k in state.listing if k not in objects and k != MANIFEST_KEY)
    return Plan(stages=stages, deletions=deletions, unchanged=unchanged, objects=objects)


def encode_manifest(digests: dict[str, str]) -> bytes:
    return json.dumps({"version": 1, "objects": dict(sorted(digests.items()))}, indent=0).encode("utf-8")


def decode_manifest(data: bytes | None) -> dict[str, str]:
    """The digests of a manifest; an unreadable one is no manifest (everything travels again)."""
    if not data:
        return {}
    try:
        doc = json.loads(data.decode("utf-8"))
        objects = doc["objects"] if doc.get("version") == 1 else {}
        return {str(k): str(v) for k, v in objects.items()}
    except (ValueError, AttributeError, KeyError, TypeError):
        return {}
