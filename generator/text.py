"""Characters that no editor's text may hold: controls, format characters, line and paragraph separators.

A right-to-left override (U+202E) makes "2026-01-15 解除" display reversed; a zero-width space
(U+200B) makes two equal-looking names differ and hides words from search; a soft hyphen or a
word joiner changes nothing a reader sees but what a machine compares. They are Unicode's
categories Cf (format), Zl and Zp (line and paragraph separators, which most software shows as
nothing or breaks on). Control characters (Cc, `CONTROL`) and lone surrogates (Cs) are refused
too: together they leave an editor's text as what the editor sees. Every reader of an editor's
file (notices, forecasts, dust days, disclosure cells, site.toml) checks its texts with these.

One character class, so a text is scanned by the regex engine, not character by character; a test
checks it against the Unicode categories at every code point.
"""

from __future__ import annotations

import re
import unicodedata

# Tab and line feed are text; every other C0/C1 control (Unicode category Cc) and lone surrogate
# (Cs, from "\ud800") is not. One character class, so that a text is scanned by the regex engine
# rather than character by character (a test checks it against the categories at every code point).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
INVISIBLE = re.compile(
    "["
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    "]"
)


def describe(character: str) -> str:
    """'U+202E（RIGHT-TO-LEFT OVERRIDE）' for a message."""
    return f"U+{ord(character):04X}（{unicodedata.name(character, 'UNNAMED')}）"


def invisible_problem(text: str) -> str | None:
    """The message for the first invisible character of `text`, or None when it holds none."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    return (
        f"含不可见的格式字符 {describe(found.group())}：它会改变文字的显示方向、藏起文字或让两段"
        "看来相同的文字不同，请删除它"
    )


def text_problem(text: str) -> str | None:
    """The message for the first control or invisible character of `text` (tab and line feed are
    text), or None when it holds neither."""
    bad = CONTROL.search(text)
    if bad is not None:
        return f"含不可见的控制字符 U+{ord(bad.group()):04X}：请删除它（换行和制表符除外）"
    return invisible_problem(text)
