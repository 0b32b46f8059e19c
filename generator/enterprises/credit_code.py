"""The unified social credit code (统一社会信用代码) and its check character, GB 32100-2015.

18 characters: registration authority (1), organisation type (1), administrative division (6),
organisation identifier (9) and a check character (1), all from a 31-character set that leaves
out I, O, S, V and Z. The check character makes sum(value * weight) + check ≡ 0 (mod 31).
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(CHARSET)}


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    if len(first17) != 17:
        raise ValueError("a credit code has 17 characters before its check character")
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    """Editors' spreadsheets add spaces and lower-case letters; the code itself has neither."""
    return "".join(str(code).split()).upper()


def problem(code: str) -> str | None:
    """Why `code` (already normalised) is not a valid credit code, in plain Chinese; None if valid."""
    if not code:
        return "统一社会信用代码为空"
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，此处为 {len(code)} 位"
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        return f"统一社会信用代码含有不允许的字符 {''.join(bad)}（不使用 I、O、S、V、Z）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：末位应为 {expected}，实为 {code[17]}"
    return None


def is_valid(code: str) -> bool:
    return problem(normalise(code)) is None
