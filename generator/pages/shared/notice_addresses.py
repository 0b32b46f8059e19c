"""Where notices go and when: a notice's id is its address, and a notice is published once due.

A notice's page is warnings/<id>/ (with its CAP file under it). An id that would take the address
of another page, hand-written (site_src/, e.g. warnings/emergency-plan/) or generated, is refused
naming both, rather than one page silently replacing the other. A notice issued after the build
time is held back by the register (generator/sources/registers/warnings.py); the build log says
which and when.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from generator.errors import InputError
from generator.site.context import BuildContext
from generator.sources.registers.warnings import Notice, Register

# The hand-written pages (mkdocs.yml docs_dir).
HAND_WRITTEN = Path(__file__).resolve().parents[3] / "site_src"
FEED_URL = "warnings/feed.xml"


def notice_url(notice: Notice) -> str:
    return f"warnings/{notice.id}/"


def site_url_of(rel: str) -> str:
    """Where a file of the site's sources is published (MkDocs directory URLs): a.md -> a/."""
    if not rel.endswith(".md"):
        return rel
    stem = rel.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def taken_urls(ctx: BuildContext, hand_written: Path = HAND_WRITTEN) -> dict[str, str]:
    """Every address already used, hand-written or generated so far -> the file that uses it."""
    taken = {
        site_url_of(
            p.relative_to(hand_written).as_posix()
        ): f"site_src/{p.relative_to(hand_written).as_posix()}"
        for p in hand_written.rglob("*")
        if p.is_file()
    }
    taken.update({site_url_of(rel): f"生成的页面 {rel}" for rel in ctx.out.files()})
    taken.update({"warnings/": "预警首页 warnings/index.md", FEED_URL: f"预警订阅源 {FEED_URL}"})
    return taken


def check_notice_urls(register: Register, taken: dict[str, str]) -> None:
    """Refuse a notice whose address (or anything under it) is already used by a page."""
    for notice in [*register.notices, *register.held_back]:
        own = notice_url(notice)
        clash = next((url for url in sorted(taken) if url.startswith(own)), None)
        if clash is not None:
            raise InputError(
                notice.path,
                f"编号“{notice.id}”的网址 /{own} 已被 {taken[clash]}（/{clash}）使用："
                "请换一个编号，并相应改文件名",
                field="id",
            )


def report_held_back(register: Register, built_at: datetime) -> None:
    """The build log names every notice not yet due, and when it will be published."""
    for notice in register.held_back:
        due = f"{notice.issued_at:%Y-%m-%d %H:%M}"
        print(
            f"预警通知 {notice.id}（{notice.path}）的发布时间 {due} 晚于本次生成时间 "
            f"{built_at:%Y-%m-%d %H:%M}：暂不公开，{due} 之后的下一次生成将发布它",
            file=sys.stderr,
        )
