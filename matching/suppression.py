"""Disclosure control for published person counts (DESIGN §7).

A report is a set of cells (person counts) tied by linear relations: a total is the
sum of its parts (rows, columns, breakdowns of a total, a period's share of the
cumulative figure). Counts from 1 up to the threshold are hidden (primary
suppression). Then further cells are hidden (secondary suppression) until no hidden
cell can be worked out from the published cells and the relations: for every hidden
cell an exact integer programme (scipy's ``milp``) is solved for its least and its
greatest value under everything a reader knows, and the two must differ.

What a reader knows, and what the audit assumes:

- a published cell's value;
- a cell shown as small (``SMALL``, "≤3") holds 0 to ``threshold`` people: every
  count from 1 to the threshold is shown so, and a zero is too where showing it
  would give a neighbour away;
- a cell hidden to protect another (``SECONDARY``) holds more than ``threshold``;
- an unpublished part of a relation (e.g. the months before the trend's first
  period) holds 0 or more.

Cells are keyed by any hashable; the report module builds the keys and relations.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


class Mark(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # 0..threshold people: every count from 1 to the threshold
    SECONDARY = "secondary"  # hidden so that a small count cannot be worked out
    UNPUBLISHED = "unpublished"  # never shown: a slack part of a relation


@dataclass(frozen=True)
class Relation:
    """``total`` equals the sum of ``parts``."""

    total: Hashable
    parts: tuple[Hashable, ...]


# Far above any person count; an open upper bound for the solver.
_UNBOUNDED = 10**9


def hidden_marks(
    values: Mapping[Hashable, int],
    relations: Sequence[Relation],
    *,
    threshold: int,
    unpublished: Iterable[Hashable] = (),
) -> dict[Hashable, Mark]:
    """Mark every cell shown or hidden so that no hidden cell can be worked out."""
    marks: dict[Hashable, Mark] = {
        key: Mark.SMALL if 0 < value <= threshold else Mark.SHOWN for key, value in values.items()
    }
    for key in unpublished:
        marks[key] = Mark.UNPUBLISHED
    relations = [r for r in relations if _holds(r, values)]
    if not any(mark is Mark.SMALL for mark in marks.values()):
        return marks
    touching: dict[Hashable, list[Relation]] = {}
    for relation in relations:
        for key in (relation.total, *relation.parts):
            touching.setdefault(key, []).append(relation)

    def hide_one_more(near: Iterable[Relation], *, zeros: bool = False) -> Hashable | None:
        """Hide the smallest shown non-zero cell of these relations (or, with ``zeros``, a
        zero, shown as small); None if there is none."""
        candidates = [
            key
            for relation in near
            for key in (relation.total, *relation.parts)
            if marks[key] is Mark.SHOWN and (values[key] == 0) == zeros
        ]
        if not candidates:
            return None
        chosen = min(candidates, key=lambda key: (values[key], str(key)))
        marks[chosen] = Mark.SMALL if zeros else Mark.SECONDARY
        return chosen

    # The cheap rule first: a relation with exactly one hidden cell gives it away.
    changed = True
    while changed:
        changed = False
        for relation in relations:
            members = (relation.total, *relation.parts)
            hidden = [k for k in members if _is_hidden(marks[k], values[k])]
            if len(hidden) == 1 and hide_one_more([relation]) is not None:
                changed = True
    # Then the exact audit: hide more until no hidden cell is pinned to one value. Hiding
    # a cell only widens what the others may be, so a cell that passed stays passed.
    to_check = [key for key, mark in marks.items() if mark in (Mark.SMALL, Mark.SECONDARY)]
    while to_check:
        key = to_check.pop()
        if _has_two_values(key, values, marks, relations, threshold):
            continue
        near = touching.get(key, ())
        chosen = (
            hide_one_more(near)
            or hide_one_more(near, zeros=True)
            or hide_one_more(relations)
            or hide_one_more(relations, zeros=True)
        )
        if chosen is not None:
            to_check += [key, chosen]
    return marks


def _holds(relation: Relation, values: Mapping[Hashable, int]) -> bool:
    return values[relation.total] == sum(values[part] for part in relation.parts)


def _is_hidden(mark: Mark, value: int) -> bool:
    """Hidden from a reader; an unpublished zero counts as known (nothing was there)."""
    return mark in (Mark.SMALL, Mark.SECONDARY) or (mark is Mark.UNPUBLISHED and value > 0)


def reader_bounds(mark: Mark, value: int, threshold: int) -> tuple[int, int]:
    """What a reader knows of a cell from how it is published."""
    if mark is Mark.SHOWN:
        return value, value
    if mark is Mark.SMALL:
        return 0, threshold
    if mark is Mark.SECONDARY:
        return threshold + 1, _UNBOUNDED
    return 0, _UNBOUNDED


def value_range(
    key: Hashable,
    values: Mapping[Hashable, int],
    marks: Mapping[Hashable, Mark],
    relations: Sequence[Relation],
    threshold: int,
) -> tuple[int, int]:
    """The least and greatest integer value of ``key`` consistent with what is published."""
    unknown = [k for k, mark in marks.items() if mark is not Mark.SHOWN]
    column = {k: i for i, k in enumerate(unknown)}
    rows: list[list[float]] = []
    rhs: list[float] = []
    for relation in relations:
        if relation.total not in column and not any(p in column for p in relation.parts):
            continue
        row = [0.0] * len(unknown)
        known = 0
        for k, sign in ((relation.total, -1), *((p, 1) for p in relation.parts)):
            if k in column:
                row[column[k]] += sign
            else:
                known += sign * values[k]
        rows.append(row)
        rhs.append(-known)
    low = np.array([reader_bounds(marks[k], values[k], threshold)[0] for k in unknown], float)
    high = np.array([reader_bounds(marks[k], values[k], threshold)[1] for k in unknown], float)
    constraints = [LinearConstraint(np.array(rows), rhs, rhs)] if rows else []
    objective = np.zeros(len(unknown))
    found: list[int] = []
    for direction in (1.0, -1.0):
        objective[column[key]] = direction
        result = milp(
            objective,
            constraints=constraints,
            integrality=np.ones(len(unknown)),
            bounds=Bounds(low, high),
        )
        if result.status != 0:  # the true values are a solution, so this does not happen
            raise RuntimeError(f"disclosure audit failed: {result.message}")
        found.append(round(direction * result.fun))
    return found[0], found[1]


def _has_two_values(
    key: Hashable,
    values: Mapping[Hashable, int],
    marks: Mapping[Hashable, Mark],
    relations: Sequence[Relation],
    threshold: int,
) -> bool:
    least, greatest = value_range(key, values, marks, relations, threshold)
    return greatest > least
