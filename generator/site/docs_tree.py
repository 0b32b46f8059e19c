"""The one docs folder a site generator builds from: the hand-written pages (site_src/) and the
generated pages (build/generated) side by side, so that no MkDocs hook has to add pages.

The folder is assembled anew on every build, and refused when the two sources collide:
- a generated file may not replace a hand-written one (that would hide an editor's work);
- two files may not be published at one address (`a.md` and `a/index.md` are both `a/index.html`).

Files are hard links where the file system allows (the generated tree holds about 100 MB of
charts and downloads; a link costs no copy), copies where it does not (another file system). The
generators only read the folder, so a link never lets a build change site_src/.
"""

from __future__ import annotations

import os
import posixpath
import shutil
from pathlib import Path

# MkDocs' Markdown suffixes (mkdocs.utils.markdown_extensions): each such file becomes a page.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


class DocsCollision(ValueError):
    """A generated file that would replace or shadow another file of the site."""


def published_address(rel: str, *, directory_urls: bool = True) -> str:
    """Where the file `rel` (a POSIX path in the docs folder) is published, by MkDocs' rule."""
    if not rel.endswith(MARKDOWN_SUFFIXES):
        return rel
    folder, name = posixpath.split(rel)
    stem = posixpath.splitext(name)[0]
    if stem in ("index", "README"):
        return posixpath.join(folder, "index.html")
    if directory_urls:
        return posixpath.join(folder, stem, "index.html")
    return posixpath.join(folder, f"{stem}.html")


def relative_files(root: Path, *, leave_out: tuple[str, ...] = ()) -> list[str]:
    """Every file below `root` as a POSIX path, sorted; `leave_out` names top folders to skip."""
    files = []
    for folder, dirs, names in os.walk(root):
        if Path(folder) == root:
            dirs[:] = [d for d in dirs if d not in leave_out]
        files.extend(Path(folder, name).relative_to(root).as_posix() for name in names)
    return sorted(files)


def check_collisions(hand_written: list[str], generated: list[str], *, directory_urls: bool = True) -> None:
    """DocsCollision unless every generated file has a path and an address of its own."""
    own = set(hand_written)
    published = {published_address(rel, directory_urls=directory_urls): rel for rel in hand_written}
    for rel in generated:
        if rel in own:
            raise DocsCollision(f"generated file {rel} would overwrite site_src/{rel}")
        address = published_address(rel, directory_urls=directory_urls)
        if address in published:
            raise DocsCollision(
                f"generated file {rel} and site_src/{published[address]} would both be published as {address}"
            )


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: a copy is the same bytes
        shutil.copyfile(source, target)


def assemble(
    hand_written: Path,
    generated: Path,
    dest: Path,
    *,
    leave_out: tuple[str, ...] = (),
    directory_urls: bool = True,
    shared: tuple[Path, list[str]] | None = None,
) -> None:
    """Make `dest` hold the hand-written files (less the top folders in `leave_out`, such as the
    theme overrides) and the generated ones; DocsCollision, before anything is written, when the
    generated files would replace or shadow a hand-written one. `shared`: (a folder, files of it)
    published too, e.g. the Chinese edition's assets and data files in the English edition."""
    # Every hand-written file counts for the check, the left-out ones too: before the assembly,
    # MkDocs saw them all.
    generated_files = relative_files(generated)
    hand_written_files = relative_files(hand_written, leave_out=leave_out)
    sources = [(hand_written, hand_written_files)]
    if shared is not None:
        sources.append(shared)
    check_collisions(
        relative_files(hand_written) + [rel for _, names in sources[1:] for rel in names],
        generated_files,
        directory_urls=directory_urls,
    )
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for root, names in (*sources, (generated, generated_files)):
        for rel in names:
            _place(root / rel, dest / rel)
