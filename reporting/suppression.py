"""Small numbers: figures from 1 to `below - 1` are replaced by a marker ("<5") so that no family can be identified.

Who gets suppressed figures is decided once, by `access.policies.report_suppression_threshold`; pages, CSV, XLSX
and the API all pass the same table through `suppress`. The rules:

- a count from 1 to below - 1 is suppressed (0 is shown: it identifies nobody);
- when exactly one column of a row is suppressed and the row has a total, the next smallest figure in that row is
  suppressed too, so that the hidden one cannot be worked out by taking the others from the total;
- an average is suppressed where the count it divides, or the count it divides by, is suppressed;
- each end of a range (the fewest and the most per case worker) is suppressed on its own;
- counts of case workers are staff, not families, and are never suppressed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

# Rows counting staff rather than bereaved people or homicides.
STAFF_ROWS = {"case_workers"}


@dataclass(frozen=True)
class Suppressed:
    """A figure under `below`, not shown."""

    below: int

    def __str__(self) -> str:
        return f"<{self.below}"


def is_suppressed(value) -> bool:
    return isinstance(value, Suppressed)


def _small(value, below: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < below


def _counts(cells: list, below: int, has_total: bool) -> list:
    """Primary suppression of each small count, then the secondary one that protects it from the total."""
    cells = [Suppressed(below) if _small(v, below) else v for v in cells]
    if has_total:
        columns = cells[:-1]
        if sum(is_suppressed(v) for v in columns) == 1:
            others = [(v, i) for i, v in enumerate(columns) if isinstance(v, int) and v > 0]
            if others:
                cells[min(others)[1]] = Suppressed(below)
            else:
                cells[-1] = Suppressed(below)
    return cells


def _range(value, below: int):
    if value is None:
        return None
    return tuple(Suppressed(below) if _small(end, below) else end for end in value)


def _average(cells: list, numerator: list, denominator: list, below: int) -> list:
    return [
        Suppressed(below) if v is not None and (is_suppressed(n) or is_suppressed(d)) else v
        for v, n, d in zip(cells, numerator, denominator, strict=True)
    ]


class _Slots:
    """A row's figures as lists that can be suppressed together: per period, the columns then the total."""

    def __init__(self, row, compared: bool):
        self.compared = compared
        if compared:
            self.lists = [[*row.values, row.total], [*row.previous, row.previous_total]]
        else:
            self.lists = [[*row.values, row.total]]

    def replace(self, row):
        if self.compared:
            (*values, total), (*previous, previous_total) = self.lists
            return dataclasses.replace(
                row, values=tuple(values), total=total, previous=tuple(previous), previous_total=previous_total
            )
        (*values, total) = self.lists[0]
        return dataclasses.replace(row, values=tuple(values), total=total)


def suppress(table, below: int | None, *, has_total: bool):
    """The same table (B1 to B9) with its small numbers suppressed; unchanged when `below` is None.

    `has_total` says whether the total column is shown beside the columns (then it can give a hidden figure away).
    """
    if not below:
        return table
    compared = hasattr(table, "previous_period")
    slots = {row.key: _Slots(row, compared) for row in table.rows}
    kinds = {row.key: _kind(row) for row in table.rows}
    for key, slot in slots.items():
        if key in STAFF_ROWS:
            continue
        if kinds[key] == "count":
            slot.lists = [_counts(cells, below, has_total) for cells in slot.lists]
        elif kinds[key] == "range":
            slot.lists = [[_range(v, below) for v in cells] for cells in slot.lists]
    for row in table.rows:
        if kinds[row.key] == "average" and row.parts:
            slot = slots[row.key]
            # A part that is not a row of the table (B7's days of contact) is not a count of families.
            numerator, denominator = (slots[k].lists if k in slots else slot.lists for k in row.parts)
            slot.lists = [
                _average(cells, n, d, below) for cells, n, d in zip(slot.lists, numerator, denominator, strict=True)
            ]

    def replaced(rows):
        return tuple(slots[row.key].replace(row) for row in rows)

    return dataclasses.replace(
        table,
        groups=tuple(replaced(group) for group in table.groups),
        extra_rows=replaced(table.extra_rows),
        suppressed_below=below,
    )


def _kind(row) -> str:
    if hasattr(row, "kind"):
        return row.kind
    return "average" if row.is_average else "count"
