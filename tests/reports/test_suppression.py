"""Disclosure control: a reader who solves the published row and column sums never
recovers a hidden count (matching/suppression.py)."""

from collections.abc import Hashable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.suppression import Mark, Relation, hidden_marks
from tests.reports.attack import THRESHOLD, attack


def table_relations(cells: list[list[int]]) -> tuple[dict[Hashable, int], list[Relation]]:
    """A table with its row totals, column totals and grand total, all published."""
    rows, columns = len(cells), len(cells[0])
    values: dict[Hashable, int] = {}
    for i in range(rows):
        for j in range(columns):
            values[(i, j)] = cells[i][j]
        values[(i, "total")] = sum(cells[i])
    for j in range(columns):
        values[("total", j)] = sum(cells[i][j] for i in range(rows))
    values[("total", "total")] = sum(map(sum, cells))
    relations = [Relation((i, "total"), tuple((i, j) for j in range(columns))) for i in range(rows)]
    relations += [
        Relation(("total", j), tuple((i, j) for i in range(rows))) for j in range(columns)
    ]
    relations.append(Relation(("total", "total"), tuple((i, "total") for i in range(rows))))
    relations.append(Relation(("total", "total"), tuple(("total", j) for j in range(columns))))
    return values, relations


small_counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 30))
tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(small_counts, min_size=columns, max_size=columns), min_size=1, max_size=5
    )
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_hidden_cell_can_be_worked_out_from_the_totals(cells: list[list[int]]) -> None:
    """Every hidden cell of a table with published margins could hold two or more values."""
    values, relations = table_relations(cells)
    marks = hidden_marks(values, relations, threshold=THRESHOLD)
    for key, value in values.items():
        if 1 <= value <= THRESHOLD:
            assert marks[key] is Mark.SMALL, key  # every small count is hidden
        if marks[key] is Mark.SECONDARY:
            assert value > THRESHOLD, key  # what a reader is told of it holds
    for key, (least, greatest) in attack(values, marks, relations).items():
        assert least <= values[key] <= greatest, key
        assert greatest > least, f"{key} is pinned to {least} in {cells}"


def test_a_lone_small_cell_takes_a_neighbour_with_it() -> None:
    """1 + 9 = 10: hiding the 1 alone would give it away, so the 9 and its column hide too."""
    values, relations = table_relations([[1, 9], [6, 7]])
    marks = hidden_marks(values, relations, threshold=THRESHOLD)
    assert marks[(0, 0)] is Mark.SMALL
    hidden = [key for key, mark in marks.items() if mark is Mark.SECONDARY]
    assert len(hidden) >= 3  # a cycle through the small cell: its row, its column, back
    assert all(greatest > least for least, greatest in attack(values, marks, relations).values())


def test_nothing_is_hidden_without_a_small_count() -> None:
    values, relations = table_relations([[0, 9], [6, 7]])
    assert set(hidden_marks(values, relations, threshold=THRESHOLD).values()) == {Mark.SHOWN}
