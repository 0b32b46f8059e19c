"""Reading one notice file of the warning register: bytes, then strict YAML, then the text it holds.

An editor's YAML is read with a loader stricter than PyYAML's SafeLoader, because each of its
liberties has published a wrong notice or exhausted the machine:

- aliases and anchors are refused while composing, before anything is built: a 1.5 KB "alias
  bomb" expands to gigabytes, and a notice has no use for repeated parts;
- a key written twice is refused (SafeLoader keeps the last one silently: `level: 红色` then
  `level: 黄色` published a yellow warning);
- scalars are resolved as in the YAML 1.2 JSON schema, not YAML 1.1: `0123` and `12:30` stay the
  text written (1.1 reads them as octal 83 and base-60 750), `yes`/`on` stay words, and times stay
  text for the notice reader to parse. Only `null`/`~`, `true`/`false`, whole numbers without a
  leading zero and plain decimals become other types;
- explicit tags (`!!int`, `!!binary`, …) are refused: they would bring the 1.1 forms back.

The file's size and every text's length are capped (generator/sources/shared/limits.py) and control
characters and invisible format characters (generator/text.py: direction overrides, zero-width
characters) are refused, each error naming the file and the field.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent, NodeEvent

from generator.errors import InputError
from generator.sources.shared.decoding import decode_text
from generator.sources.shared.limits import limit
from generator.text import CONTROL as _CONTROL
from generator.text import INVISIBLE, invisible_problem

# Chinese characters (CJK ideographs and fullwidth punctuation), refused in an English field (*_en).
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# A top-level `field:` at the start of a line.
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:")


class DuplicateKeyError(ConstructorError):
    """A key written twice in one mapping; `key` names the field."""

    def __init__(self, key: str, message: str, mark):
        super().__init__(None, None, message, mark)
        self.key = key


class NoticeLoader(yaml.SafeLoader):
    """SafeLoader without aliases, duplicate keys, explicit tags or YAML 1.1 scalar forms."""

    yaml_implicit_resolvers: dict = {}  # filled below with the YAML 1.2 JSON-schema forms only

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor is not None):
            raise ComposerError(
                None, None, "不允许使用 YAML 锚点或别名（& 与 *）：请把内容直接写出来", event.start_mark
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise ComposerError(
                None, None, f"不允许使用 YAML 标签“{tag}”：请去掉它，文字可加引号", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:  # an unhashable key (a list as a key): SafeConstructor reports it
                break
            if first is not key_node:
                lines = f"第 {first.start_mark.line + 1} 行和第 {key_node.start_mark.line + 1} 行"
                raise DuplicateKeyError(
                    str(key), f"字段“{key}”写了两次（{lines}）：请只保留一个", key_node.start_mark
                )
        return super().construct_mapping(node, deep=deep)


# YAML 1.2 JSON schema (https://yaml.org/spec/1.2.2/#1022-tag-resolution), plus ~ and the
# capitalised forms the core schema allows for null and booleans.
_RESOLVERS = {
    "tag:yaml.org,2002:null": (r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    "tag:yaml.org,2002:bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    "tag:yaml.org,2002:int": (r"^-?(?:0|[1-9][0-9]*)$", list("-0123456789")),
    "tag:yaml.org,2002:float": (
        r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)$",
        list("-0123456789"),
    ),
}
for _tag, (_pattern, _first) in _RESOLVERS.items():
    NoticeLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
NoticeLoader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(node.value))
NoticeLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: float(node.value))


def read_yaml(path: Path) -> object:
    """The YAML document in `path`, read within the size limit with NoticeLoader."""
    max_bytes = limit("warning_file_bytes")
    # Read at most one byte past the limit: a 60 MB file costs no more than a 256 KB one.
    with open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            path, f"文件超过 {max_bytes // 1024} KB：一份通知只需几 KB，请检查是否误存了其他内容"
        )
    text = decode_text(data, path)
    _refuse_raw_controls(path, text)
    try:
        return yaml.load(text, Loader=NoticeLoader)  # noqa: S506 - NoticeLoader is a stricter SafeLoader
    except DuplicateKeyError as exc:
        raise InputError(path, exc.problem, row=exc.problem_mark.line + 1, field=exc.key) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        row = mark.line + 1 if mark is not None else None
        raise InputError(path, f"不是有效的 YAML：{exc.problem or exc.context}", row=row) from None


def _refuse_raw_controls(path: Path, text: str) -> None:
    """A control character typed into the file, named by its line and the field written on or above it.

    (PyYAML refuses it too, but names only its position in the whole file.)
    """
    lines = text.split("\n")  # not splitlines(): it takes \x0b and \x1c for line ends
    for number, line in enumerate(lines, start=1):
        bad = next((m.group() for m in _CONTROL.finditer(line) if m.group() != "\r"), None)
        if bad is None and not INVISIBLE.search(line):
            continue
        above = [m.group(1) for m in map(_TOP_KEY.match, lines[:number]) if m]
        message = (
            f"含不可见的控制字符 U+{ord(bad):04X}：请删除它（换行和制表符除外）"
            if bad is not None
            else invisible_problem(line)
        )
        raise InputError(path, message, row=number, field=above[-1] if above else None)


def check_texts(path: Path, value: object, field: str | None = None) -> None:
    """Every text in the notice within the length limit and free of control and invisible characters."""
    if isinstance(value, dict):
        for key, item in value.items():
            check_texts(path, key, field)
            check_texts(path, item, str(key) if field is None else f"{field}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value, start=1):
            check_texts(path, item, f"{field}[{i}]")
    elif isinstance(value, str):
        max_chars = limit("warning_text_chars")
        if len(value) > max_chars:
            raise InputError(path, f"文字长达 {len(value)} 字，超过每项 {max_chars} 字的上限", field=field)
        bad = _CONTROL.search(value)
        if bad is not None:
            raise InputError(
                path,
                f"含不可见的控制字符 U+{ord(bad.group()):04X}：请删除它（换行和制表符除外）",
                field=field,
            )
        problem = invisible_problem(value)
        if problem is not None:
            raise InputError(path, problem, field=field)
