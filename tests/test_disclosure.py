"""Disclosure control (domain.disclosure): small counts hidden, and no hidden count worked out from totals."""
from __future__ import annotations

import pandas as pd
from hypothesis import given, settings, strategies as st

from domain.disclosure import (
    SUPPRESSED, TOTAL, WITHHELD, _reachable, disclose, is_small, shown_count, suppress_counts, suppress_grid,
)


def test_counts_from_one_to_four_are_small_and_zero_is_not():
    assert [is_small(n) for n in (0, 1, 4, 5)] == [False, True, True, False]
    assert [shown_count(n) for n in (0, 1, 4, 5, 41)] == ["0", "<5", "<5", "5", "41"]


def test_a_single_small_category_hides_the_next_smallest_too():
    # total 31 shown: hiding only M=3 would let 31 − 28 give it back, so F=28 is hidden too
    assert suppress_counts({"F": 28, "M": 3}) == {"F": None, "M": None}
    # CM 2 and ML 1 hidden: their sum (3) leaves CM anywhere in 0..3, so no further cell is needed
    assert suppress_counts({"SN": 12, "CI": 7, "CM": 2, "ML": 1}) == {"SN": 12, "CI": 7, "CM": None, "ML": None}
    assert suppress_counts({"F": 20, "M": 0}) == {"F": 20, "M": 0}


def test_without_a_shown_total_a_small_count_hides_alone():
    assert suppress_counts({"F": 28, "M": 3}, total_shown=False) == {"F": 28, "M": None}


def test_two_hidden_fours_take_a_third_cell_since_their_sum_of_eight_pins_them():
    # SN 4 and CI 4 hidden ("<5": 0..4 each), total shown: the hidden sum 8 leaves only 4 + 4, so the next
    # smallest, CM 9, is hidden too ("…"): 17 is then 4 + 4 + 9, 0 + 4 + 13, 3 + 2 + 12…
    decision = suppress_grid({("SN", "all"): 4, ("CI", "all"): 4, ("CM", "all"): 9, ("ML", "all"): 20})
    assert decision.hidden == {("SN", "all"), ("CI", "all"), ("CM", "all")}
    assert decision.text(("CM", "all"), 9) == WITHHELD and decision.text(("SN", "all"), 4) == SUPPRESSED


def test_a_zero_hidden_as_a_complement_reads_under_five():
    decision = suppress_grid({("F", "placed"): 3, ("M", "placed"): 0})
    assert decision.hidden == {("F", "placed"), ("M", "placed")}
    assert decision.text(("M", "placed"), 0) == SUPPRESSED  # 0..4: F could be anything from 0 to 3
    assert not decision.open_totals


def test_a_line_with_nothing_left_to_hide_says_its_total_must_not_be_shown():
    # one category only: the stage total is the cell itself
    decision = suppress_grid({("F", "placed"): 3, ("F", "enrolled"): 20})
    assert ("across", "placed") in decision.open_totals


def test_a_table_with_row_and_column_totals_hides_cells_in_both_directions():
    # Rows are nationalities, columns phases; row totals and column totals are both shown.
    #            running  rejected
    #   SN          9        0
    #   CM          6        7
    #   ML          2        8
    cells = {("SN", "running"): 9, ("SN", "rejected"): 0, ("CM", "running"): 6, ("CM", "rejected"): 7,
             ("ML", "running"): 2, ("ML", "rejected"): 8}
    decision = suppress_grid(cells, category_totals_shown=True, across_totals_shown=True)
    # ML running 2 is small. Its row (total 10) needs a second hidden cell: ML rejected 8.
    # Its column (total 17) needs one: CM running 6 (the smallest non-zero). Then CM's row has one hidden
    # cell (6), so CM rejected 7 goes too, and the rejected column holds 7 and 8 hidden: done.
    assert decision.hidden == {("ML", "running"), ("ML", "rejected"), ("CM", "running"), ("CM", "rejected")}
    assert decision.text(("SN", TOTAL), 9) is None  # the row totals 9, 13 and 10 stay shown
    assert decision.small == {("ML", "running")}


def test_the_bitset_of_reachable_sums():
    # one "<5" cell (0..4) and one "…" cell (5 or more), sums up to 12
    reachable = _reachable([(0, 4), (5, None)], 12)
    assert [s for s in range(13) if reachable >> s & 1] == list(range(5, 13))


# --- the property: no hidden cell can be worked out from a shown total ---

grids = st.integers(1, 5).flatmap(lambda rows: st.integers(1, 5).flatmap(lambda columns: st.fixed_dictionaries(
    {(r, c): st.one_of(st.integers(0, 6), st.integers(0, 40)) for r in range(rows) for c in range(columns)})))


@settings(max_examples=300, deadline=None)
@given(grids, st.booleans(), st.booleans())
def test_no_hidden_cell_can_be_worked_out_from_a_shown_total(cells, by_category, across):
    """For every hidden cell, each row and column holding it has another hidden cell, or its total is not
    shown; and the hidden cells' sum never leaves a hidden count of 1–4 a single possible value."""
    decision = suppress_grid(cells, category_totals_shown=by_category, across_totals_shown=across)
    table = dict(cells)
    if by_category:  # a category's total is shown in the table: it is a cell of its own
        for category in {c for c, _ in cells}:
            table[(category, TOTAL)] = sum(n for (c, _), n in cells.items() if c == category)
    assert not [k for k, n in table.items() if is_small(n) and k not in decision.hidden], "a small count is shown"
    lines = {}
    for cell in table:
        if by_category:
            lines.setdefault(("category", cell[0]), []).append(cell)
        if across:
            lines.setdefault(("across", cell[1]), []).append(cell)
    for key, line in lines.items():
        inside = [c for c in line if c in decision.hidden]
        if not inside or key in decision.open_totals:
            continue
        assert len(inside) >= 2, (key, inside)
        if key[0] == "category" and (key[1], TOTAL) in decision.hidden:
            continue
        parts = [c for c in inside if c[1] != TOTAL]
        rest = sum(table[c] for c in parts)
        for cell in (c for c in parts if is_small(table[c])):
            others = _reachable([(0, 4) if table[c] < 5 else (5, None) for c in parts if c != cell], rest)
            assert len([v for v in range(5) if v <= rest and others >> (rest - v) & 1]) >= 2, (key, parts)


@settings(max_examples=100, deadline=None)
@given(grids)
def test_a_line_left_open_really_has_nothing_more_to_hide(cells):
    decision = suppress_grid(cells, across_totals_shown=True)
    for kind, other in decision.open_totals:
        assert all(c in decision.hidden for c in cells if c[1] == other)


# --- the frame API the pages and exports call ---

def test_disclose_a_wide_table_hides_cells_and_says_how_each_reads():
    frame = pd.DataFrame({"category": ["SN", "CI", "CM"], "enrolled": [12, 7, 2], "placed": [5, 0, 0]})
    disclosed = disclose(frame, ["enrolled", "placed"], ["category"])
    out = disclosed.frame.set_index("category")
    assert out["enrolled"].isna().tolist() == [False, True, True]        # CM 2 and its complement CI 7
    assert out["enrolled_shown"].tolist() == ["12", WITHHELD, SUPPRESSED]
    assert out["enrolled_hidden"].tolist() == [False, True, True]
    assert out["placed_shown"].tolist() == ["5", "0", "0"]
    assert disclosed.column_totals == {"enrolled": 21, "placed": 5} and disclosed.total == 26
    assert disclosed.complete and not disclosed.all_hidden


def test_disclose_a_long_table_with_category_totals():
    frame = pd.DataFrame({"group": ["SN", "SN", "CM", "CM"], "phase": ["running", "rejected"] * 2,
                          "count": [6, 2, 9, 7]})
    disclosed = disclose(frame, ["count"], ["group"], across=["phase"], category_totals_shown=True)
    shown = dict(zip(zip(disclosed.frame.group, disclosed.frame.phase), disclosed.frame.count_shown))
    assert shown == {("SN", "running"): WITHHELD, ("SN", "rejected"): SUPPRESSED,
                     ("CM", "running"): WITHHELD, ("CM", "rejected"): WITHHELD}
    assert disclosed.category_totals == {("SN",): 8, ("CM",): 16}


def test_coordinators_get_every_count_in_the_same_shape():
    frame = pd.DataFrame({"category": ["F", "M"], "count": [28, 3]})
    disclosed = disclose(frame, ["count"], ["category"], suppress=False)
    assert disclosed.frame["count"].tolist() == [28, 3] and not disclosed.frame["count_hidden"].any()
    assert not disclosed.suppressed


def test_a_breakdown_whose_every_count_is_hidden_says_so():
    frame = pd.DataFrame({"category": ["F", "M"], "count": [3, 2]})
    disclosed = disclose(frame, ["count"], ["category"])
    assert disclosed.all_hidden and disclosed.total == 5
    assert disclosed.frame["count"].isna().all()
