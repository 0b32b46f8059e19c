"""The built site's folder (`build --out`): what it may be, and how a new site replaces the old one.

- `check_out_dir` refuses a folder that would lose someone's files: the data folder, the project
  root or a parent of either, and any non-empty folder that is not a previous site (a previous
  site holds the marker file SITE_MARKER, written by every build).
- `publish` swaps a finished site in: the new site is built in a sibling folder, then exchanged
  with the old one in one atomic step (Linux renameat2 RENAME_EXCHANGE) and the old one removed.
  Where the exchange is not available, the old site is renamed aside, the new one renamed in,
  then the old one removed; a build killed between the two renames leaves the old site aside,
  and `recover` (run by the next build) puts it back. Either way a killed build leaves the old or
  the new site whole, never a mix or a part.
- Permissions: folders 0755 and files 0644, whatever the umask or mkdtemp's 0700, so a web server
  running as another user can read the site.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

from generator.errors import InputError

SITE_MARKER = ".lyg-site"
MARKER_TEXT = "This folder is a site built by `python -m generator build`; the next build replaces it.\n"
ASIDE = ".old-"  # infix of a previous site moved aside during a swap
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def check_out_dir(out_dir: Path, *, data_dir: Path, project_root: Path) -> None:
    """InputError unless `out_dir` may be replaced by a new site."""
    out = Path(out_dir).resolve()
    for name, keep in (
        ("the data folder", Path(data_dir).resolve()),
        ("the project root", project_root.resolve()),
    ):
        if out == keep or keep.is_relative_to(out):
            raise InputError(
                "--out", f"{out} is {name} or holds it: a build replaces its output folder; choose another"
            )
    if out.exists() and not out.is_dir():
        raise InputError("--out", f"{out} is a file, not a folder")
    if out.is_dir() and not (out / SITE_MARKER).is_file() and any(out.iterdir()):
        raise InputError(
            "--out",
            f"{out} is not empty and is not a site built here (no {SITE_MARKER} file): "
            "a build replaces its output folder, so it refuses one holding other files; "
            "choose an empty or new folder",
        )


def staging_dir(out_dir: Path) -> Path:
    """A new empty folder beside `out_dir` (same file system, so the swap is a rename)."""
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))


def recover(out_dir: Path) -> None:
    """Put back a previous site left aside by a build killed mid-swap; remove leftovers."""
    out = Path(out_dir).resolve()
    if not out.parent.is_dir():
        return
    aside = sorted(out.parent.glob(f".{out.name}{ASIDE}*"), key=lambda p: p.stat().st_mtime)
    if aside and not out.exists():
        aside.pop().rename(out)
    for leftover in [*aside, *out.parent.glob(f".{out.name}.new-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (renameat2 RENAME_EXCHANGE); False where the system lacks it."""
    if os.environ.get("LYG_NO_RENAME_EXCHANGE"):  # to test the fallback
        return False
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: file system or kernel without it
        return False
    raise OSError(errno, os.strerror(errno), str(a))


def publish(staging: Path, out_dir: Path) -> None:
    """Make the finished site in `staging` the site at `out_dir` (see the module docstring)."""
    out = Path(out_dir).resolve()
    (staging / SITE_MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    _readable_by_all(staging)
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)  # now the old site
        return
    aside = out.with_name(f".{out.name}{ASIDE}{os.getpid()}")
    shutil.rmtree(aside, ignore_errors=True)
    out.rename(aside)
    staging.rename(out)  # a kill just before this leaves the old site aside: `recover` restores it
    shutil.rmtree(aside)


def _readable_by_all(root: Path) -> None:
    root.chmod(0o755)
    for folder, dirs, files in os.walk(root):
        for d in dirs:
            os.chmod(os.path.join(folder, d), 0o755)
        for f in files:
            os.chmod(os.path.join(folder, f), 0o644)
