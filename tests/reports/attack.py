"""A reader who tries to recover hidden counts from a published report's sums."""

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from matching.suppression import Mark, Relation

THRESHOLD = 3


def attack(
    values: Mapping[Hashable, int], marks: Mapping[Hashable, Mark], relations: Sequence[Relation]
) -> dict[Hashable, tuple[int, int]]:
    """Each hidden cell's least and greatest value, by integer programming on the sums.

    The reader knows every published value, that a cell shown as "≤3" holds 0 to 3
    people, that a cell hidden to protect another holds more than 3, and that every
    count is whole.
    """
    unknown = [key for key, mark in marks.items() if mark is not Mark.SHOWN]
    index = {key: n for n, key in enumerate(unknown)}
    matrix, rhs = [], []
    for relation in relations:
        row = np.zeros(len(unknown))
        constant = 0
        for key, sign in [(relation.total, 1), *[(part, -1) for part in relation.parts]]:
            if key in index:
                row[index[key]] += sign
            else:
                constant -= sign * values[key]
        matrix.append(row)
        rhs.append(constant)
    low = [_low(marks[k]) for k in unknown]
    high = [THRESHOLD if marks[k] is Mark.SMALL else 10**6 for k in unknown]
    found = {}
    for key in unknown:
        ends = []
        for sign in (1, -1):
            objective = np.zeros(len(unknown))
            objective[index[key]] = sign
            result = milp(
                objective,
                constraints=[LinearConstraint(np.array(matrix), rhs, rhs)],
                integrality=np.ones(len(unknown)),
                bounds=Bounds(low, high),
            )
            assert result.success, result.message
            ends.append(round(sign * result.fun))
        found[key] = (ends[0], ends[1])
    return found


def _low(mark: Mark) -> int:
    """Small cells may be 0 to 3, cells hidden for another's sake more than 3; the
    unpublished parts of a sum (months before the trend) anything from 0."""
    return {Mark.SMALL: 0, Mark.SECONDARY: THRESHOLD + 1}.get(mark, 0)
