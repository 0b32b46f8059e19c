"""The heavy-pollution warning register: one YAML file per notice in `<data>/warnings/`.

Editors of the bureau write these files (format in data/warnings/README.md). Each file is one
notice: a yellow/orange/red warning, or a lifting notice (解除). A warning that replaces an earlier
one (upgrade, downgrade, change of period) or a lift names it in `supersedes`; the notices linked
this way form a chain. Validation is strict and fails closed: any mistake raises InputError naming
the file and the field, and the build stops before anything is published. One file is read and
checked in notices.py; this module checks the notices against each other and holds back those
issued after the build time.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from generator.config import SiteConfig
from generator.errors import InputError
from generator.sources.registers import last_good
from generator.sources.registers.notices import (  # noqa: F401 - the register's vocabulary, imported from here
    KIND_VERBS,
    LEVEL_KEYS,
    LEVEL_NAMES,
    LEVEL_RANK,
    PROVINCE_PREFIX,
    REDUCTION_POLLUTANTS,
    Notice,
    read_notice,
)
from generator.sources.shared.register_files import register_files

# Notice files: matched whatever the case of the suffix (2026-004.YAML is a notice too).
NOTICE_SUFFIXES = (".yaml", ".yml")
# How a title names a kind of notice; a title naming another kind than the notice's is refused.
TITLE_KIND_WORDS = {"升级": "升级", "降级": "降级", "解除": "解除"}
_LEVEL_IN_TITLE = re.compile("|".join(n for k, n in LEVEL_NAMES.items() if k != "lift"))
_NAMED_AFTER_VERB = re.compile(r"(?:升级|降级|调整|变更)为?(?:重污染天气)?(黄色|橙色|红色)")


class Register:
    """All notices, ordered by issue time, with the links between them."""

    def __init__(self, notices: list[Notice], held_back: list[Notice] | None = None):
        self.notices = sorted(notices, key=lambda n: (n.issued_at, n.id))
        # Valid notices issued after the build time: published by the first build after they are due.
        self.held_back = sorted(held_back or [], key=lambda n: (n.issued_at, n.id))
        self.by_id = {n.id: n for n in self.notices}
        self.successor = {n.supersedes: n for n in self.notices if n.supersedes}

    def __iter__(self):
        return iter(self.notices)

    def __len__(self):
        return len(self.notices)

    def chain(self, notice: Notice) -> list[Notice]:
        """Every notice linked to this one by `supersedes`, first issued first."""
        first = notice
        while first.supersedes:
            first = self.by_id[first.supersedes]
        chain = [first]
        while chain[-1].id in self.successor:
            chain.append(self.successor[chain[-1].id])
        return chain

    def predecessors(self, notice: Notice) -> list[Notice]:
        chain = self.chain(notice)
        return chain[: chain.index(notice)]

    def kind(self, notice: Notice) -> str:
        """发布 (first issue), 升级, 降级, 变更 (same level, new period or areas), or 解除."""
        if notice.is_lift:
            return "解除"
        if not notice.supersedes:
            return "发布"
        before = LEVEL_RANK[self.by_id[notice.supersedes].level]
        now = LEVEL_RANK[notice.level]
        return "升级" if now > before else "降级" if now < before else "变更"

    def responses(self, notice: Notice) -> list[Notice]:
        """The city notices started in response to a provincial notice, first issued first."""
        return [n for n in self.notices if n.responds_to == notice.id]

    def headline(self, notice: Notice, city: str) -> str:
        """The notice's title, or one made from its level and kind (连云港市升级重污染天气橙色预警)."""
        if notice.title:
            return notice.title
        if notice.provincial:
            city = PROVINCE_PREFIX
        city = city if city.endswith(("市", "省")) else f"{city}市"
        if notice.is_lift:
            return f"{city}解除重污染天气{self.by_id[notice.supersedes].level_name}预警"
        verb = KIND_VERBS[self.kind(notice)]
        return f"{city}{verb}重污染天气{notice.level_name}预警"

    def end(self, notice: Notice) -> datetime | None:
        """When a warning stops being in force: its expected end, or earlier when a later notice
        of its chain (upgrade, downgrade or lift) takes effect. None for a lift."""
        if notice.is_lift:
            return None
        nxt = self.successor.get(notice.id)
        if nxt is not None and nxt.effective_from < notice.expected_end:
            return nxt.effective_from
        return notice.expected_end

    def ended_by(self, notice: Notice) -> Notice | None:
        """The later notice that cut this warning short, if any."""
        nxt = self.successor.get(notice.id)
        if nxt is not None and not notice.is_lift and nxt.effective_from < notice.expected_end:
            return nxt
        return None

    def is_active(self, notice: Notice, at: datetime) -> bool:
        """In force at `at`: issued, started, and neither ended nor replaced."""
        if notice.is_lift or notice.issued_at > at:
            return False
        return notice.effective_from <= at < self.end(notice)

    def active(self, at: datetime) -> list[Notice]:
        return [n for n in self.notices if self.is_active(n, at)]


def notice_files(folder: Path) -> list[Path]:
    """The notice files in a folder, by name: *.yaml and *.yml in any case of letters."""
    return register_files(folder, tuple(NOTICE_SUFFIXES))


def load_register(
    folders: Path | list[Path],
    config: SiteConfig,
    *,
    at: datetime | None = None,
    scratch: Path | None = None,
    on_refused: last_good.Refused | None = None,
) -> Register:
    """Read and validate every notice file in the folder(s); no folder = no notices.

    The build reads the editors' folder and the notices `fetch` pulled from configured URLs. With
    `at` (the build time), a notice issued after it is checked like any other but held back: it is
    in `register.held_back`, not in the register, until a build at or after its issue time. With
    `on_refused` (the build), a notice file that is wrong in itself is refused alone and its last
    good version (copied under `scratch`) is read in its place (sources/registers/last_good.py); the checks
    across notices (ids, supersedes) still stop the build.
    """
    folders = [Path(folders)] if isinstance(folders, (str, Path)) else [Path(f) for f in folders]
    refused: list[InputError] = []

    def refuse(error: InputError, kept: Path | None) -> None:
        refused.append(error)
        on_refused(error, kept)

    notices = last_good.read_each(
        [path for folder in folders for path in notice_files(folder)],
        lambda path: read_notice(path, config),
        scratch=scratch,
        register="warnings",
        on_refused=refuse if on_refused is not None else None,
    )
    try:
        _check_links(notices)
    except InputError:
        if refused:  # a later notice refers to the refused one: the refusal is what to fix
            raise refused[0] from None
        raise
    _check_responses(notices)
    register = Register(notices)
    _check_titles(register)
    if at is None:
        return register
    # A notice superseding a held-back one is issued no earlier (checked above): held back too.
    due = [n for n in notices if n.issued_at <= at]
    return Register(due, held_back=[n for n in notices if n.issued_at > at])


def register_for_build(ctx) -> Register:
    """The register as a build reads it: the editors' folder and the notices `fetch` pulled
    ([[sources.files]] kind warning_register), as of the build time; a notice file wrong in itself
    refused alone, its last good version in its place (sources/registers/last_good.py), said on /status/."""
    data_dir = ctx.dataset.data_dir
    return load_register(
        [data_dir / "warnings", data_dir / "raw" / "files" / "warning_register"],
        ctx.config,
        at=ctx.built_at,
        scratch=last_good.scratch_of(ctx),
        on_refused=last_good.refusals(ctx.products, "预警登记"),
    )


def _check_links(notices: list[Notice]) -> None:
    """Across files: unique ids, `supersedes` names an earlier warning, each replaced only once."""
    by_id: dict[str, Notice] = {}
    for notice in notices:
        if notice.id in by_id:
            raise InputError(notice.path, f"编号与 {by_id[notice.id].path.name} 重复", field="id")
        by_id[notice.id] = notice
    replaced_by: dict[str, Notice] = {}
    for notice in notices:
        if not notice.supersedes:
            continue
        target = by_id.get(notice.supersedes)
        if target is None:
            raise InputError(
                notice.path, f"登记册中没有编号为“{notice.supersedes}”的通知", field="supersedes"
            )
        if target.is_lift:
            raise InputError(
                notice.path, f"“{target.id}”是解除通知，不能被升级、降级或解除", field="supersedes"
            )
        if notice.issued_at < target.issued_at:
            raise InputError(
                notice.path, f"发布时间早于被替代的通知“{target.id}”的发布时间", field="issued_at"
            )
        if notice.effective_from < target.effective_from:
            field = "lifted_at" if notice.is_lift else "effective_from"
            what = "解除时间" if notice.is_lift else "生效时间"
            raise InputError(notice.path, f"{what}早于被替代的预警“{target.id}”的生效时间", field=field)
        if target.id in replaced_by:
            raise InputError(
                notice.path,
                f"预警“{target.id}”已被 {replaced_by[target.id].path.name} 替代；"
                "一份预警只能被一份通知升级、降级或解除",
                field="supersedes",
            )
        replaced_by[target.id] = notice
    for notice in notices:
        seen, step = {notice.id}, notice
        while step.supersedes:
            step = by_id[step.supersedes]
            if step.id in seen:
                raise InputError(notice.path, "通知之间的 supersedes 形成了循环", field="supersedes")
            seen.add(step.id)


def _check_responses(notices: list[Notice]) -> None:
    """A city response names a provincial warning issued no later than itself; a chain (supersedes)
    stays within the province's or the city's notices."""
    by_id = {n.id: n for n in notices}
    for notice in notices:
        if notice.supersedes and by_id[notice.supersedes].provincial != notice.provincial:
            raise InputError(
                notice.path, "省级预警与本市预警不能互相替代：本市响应请写 responds_to", field="supersedes"
            )
        if notice.responds_to is None:
            continue
        target = by_id.get(notice.responds_to)
        if target is None:
            raise InputError(
                notice.path, f"登记册中没有编号为“{notice.responds_to}”的省级预警", field="responds_to"
            )
        if not target.provincial or target.is_lift:
            raise InputError(
                notice.path, f"“{target.id}”不是省级预警（provincial: true 的预警通知）", field="responds_to"
            )
        if notice.issued_at < target.issued_at:
            raise InputError(
                notice.path, f"发布时间早于所响应的省级预警“{target.id}”的发布时间", field="issued_at"
            )


def _check_titles(register: Register) -> None:
    """A title may not say another level or kind than the notice: 橙色 in a yellow warning's title,
    升级 in a first issue's, or a warning's words in a lift's."""
    for notice in register:
        if not notice.title:
            continue
        kind = register.kind(notice)
        for word, kind_named in TITLE_KIND_WORDS.items():
            if word in notice.title and kind != kind_named:
                raise InputError(
                    notice.path, f"标题写着“{word}”，但本通知是{_kind_text(kind)}", field="title"
                )
        if notice.is_lift:
            if "解除" not in notice.title:
                raise InputError(notice.path, "解除通知的标题应写明“解除”", field="title")
            allowed = {register.by_id[notice.supersedes].level_name}
        else:
            allowed = {notice.level_name}
            if kind != "发布":
                allowed.add(register.by_id[notice.supersedes].level_name)
            after_verb = _NAMED_AFTER_VERB.search(notice.title)
            if after_verb and after_verb.group(1) != notice.level_name:
                raise InputError(
                    notice.path,
                    f"标题写着“{after_verb.group(0)}”，但本通知的级别 level 是{notice.level_name}",
                    field="title",
                )
        named = set(_LEVEL_IN_TITLE.findall(notice.title))
        wrong = sorted(named - allowed)
        if wrong or (named and not notice.is_lift and notice.level_name not in named):
            said = "、".join(wrong or sorted(named))
            raise InputError(
                notice.path,
                f"标题写着“{said}”，与本通知不符：级别 level 是{notice.level_name}"
                + (f"，{_kind_text(kind)}" if kind != "发布" else ""),
                field="title",
            )


def _kind_text(kind: str) -> str:
    return {
        "发布": "首次发布的预警",
        "升级": "升级通知",
        "降级": "降级通知",
        "变更": "调整通知",
        "解除": "解除通知",
    }[kind]
