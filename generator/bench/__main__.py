"""Run every benchmark section and print one table (`make bench`)."""

from __future__ import annotations

import importlib
import sys
import time

from rich.console import Console
from rich.table import Table

# Sections in the order they print; each module has run() -> list[dict].
SECTIONS: list[str] = [
    "generator.bench.standards",
    "generator.bench.preflight",
    "generator.bench.build",
    "generator.bench.periods",
    "generator.bench.rebuild",
    "generator.bench.ingest",
    "generator.bench.charts",
    "generator.bench.sitecheck",
    "generator.bench.lighthouse",
]


def main(argv: list[str]) -> int:
    wanted = set(argv)
    # Wide enough for the table on a CI log or a pipe, where the terminal width is unknown.
    console = Console(width=max(Console().width, 150))
    table = Table(title="Benchmarks (this machine)")
    for col in ("section", "measure", "value", "unit", "target", "note"):
        table.add_column(col)
    failed = []
    for name in SECTIONS:
        short = name.rsplit(".", 1)[-1]
        if wanted and short not in wanted:
            continue
        start = time.perf_counter()
        console.print(f"[bold]running[/] {short} ...")
        try:
            rows = importlib.import_module(name).run()
        except Exception as exc:  # a section that fails is reported, the others still run
            failed.append(short)
            rows = [
                {"section": short, "measure": "error", "value": type(exc).__name__, "note": str(exc)[:120]}
            ]
        columns = ("section", "measure", "value", "unit", "target", "note")
        for row in rows:
            table.add_row(*(str(row.get(c, "")) for c in columns))
        console.print(f"  {short} done in {time.perf_counter() - start:.1f} s")
    console.print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
