"""Reading docs/*.md for the docs tests: the Markdown tables (split on ``|``) and their backticked values."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def docs_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(DOCS.glob("*.md")))


def all_tables() -> list[tuple[list[str], list[list[str]]]]:
    """Every table of the docs: (header cells, body rows), the ``|---|`` line skipped."""
    found, block = [], []
    for line in [*docs_text().splitlines(), ""]:
        if line.startswith("|"):
            block.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif block:
            found.append((block[0], block[2:]))
            block = []
    return found


def table(*columns: str) -> list[dict[str, str]]:
    """The one table whose header has all of ``columns``, as rows keyed by header cell."""
    (match,) = [(head, rows) for head, rows in all_tables() if set(columns) <= set(head)]
    head, rows = match
    assert rows, head
    return [dict(zip(head, row, strict=True)) for row in rows]


def ticked(cell: str) -> list[str]:
    """The backticked values of a cell: ``"`a`, `b` (c)"`` -> ``["a", "b"]``."""
    return re.findall(r"`([^`]+)`", cell)
