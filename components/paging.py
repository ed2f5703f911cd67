"""Long lists searched and paged in SQL: a page of rows, or a few options, reaches the browser, never a whole
table of people or records (issue #13, "Lists that scale")."""
from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.i18n import num, t

PAGE_SIZE = 50
# A search field commits this long after the last key: the list follows the typing without a rerun per key.
TYPING_PAUSE = "300ms"
# Lists paged with `searched_page`, by the prefix of their wording: each has the keys `<prefix>.<part>`.
WORDINGS = ("participants", "enterprise.plans", "cohorts", "entrepreneurship.groups")
WORDING_PARTS = ("search", "search_placeholder", "page", "matching")


def searched_page(key: str, wording: str, *, count: Callable[[str], int],
                  rows: Callable[[str, int, int], pd.DataFrame], page_size: int = PAGE_SIZE) -> pd.DataFrame:
    """A search field and a page number, then a caption saying which rows of how many are shown.

    `count(search)` is how many rows match; `rows(search, limit, offset)` reads one page of them. Widget keys
    are `<key>_search` and `<key>_page`; a new search that leaves fewer pages brings the number back in range.
    `wording` is one of WORDINGS."""
    left, right = st.columns([3, 1])
    search = left.text_input(t(f"{wording}.search"), key=f"{key}_search", type="search", live=TYPING_PAUSE,
                             placeholder=t(f"{wording}.search_placeholder"))
    total = count(search)
    pages = max(1, math.ceil(total / page_size))
    page_key = f"{key}_page"
    st.session_state[page_key] = min(int(st.session_state.get(page_key, 1)), pages)
    page = right.number_input(t(f"{wording}.page", pages=pages), min_value=1, max_value=pages, step=1,
                              key=page_key)
    first = (int(page) - 1) * page_size
    shown = rows(search, page_size, first)
    note = st.empty()  # on every run: an element coming and going would shift, and redraw, what follows
    if total:
        note.caption(t(f"{wording}.matching", first=num(first + 1), last=num(first + len(shown)), total=num(total)))
    return shown


def search_when_long(key: str, *, total: int, count: Callable[[str], int], label: str, placeholder: str,
                     more: Callable[[str, str], str], page_size: int = PAGE_SIZE) -> str:
    """What was typed in a search field shown once a list of `total` is longer than a page ("" until then),
    with a caption when more match than a page holds (`more(shown, matching)`, both formatted)."""
    if total <= page_size:
        return ""
    search = st.text_input(label, key=f"{key}_search", type="search", live=TYPING_PAUSE, placeholder=placeholder)
    note = st.empty()  # on every run: an element coming and going would shift, and redraw, what follows
    matching = count(search)
    if matching > page_size:
        note.caption(more(num(page_size), num(matching)))
    return search


def pick_people(key: str, label: str, *, choices: Callable[[str, list[int]], dict[int, str]],
                count: Callable[[str], int], placeholder: str | None = None,
                limit: int = PAGE_SIZE) -> list[int]:
    """A search field, then a multiselect whose options are the people already picked and the first `limit`
    matching what was typed: the ids picked.

    `choices(search, picked)` gives those options (id → label) and `count(search)` how many match. The
    multiselect (key `key`) sits outside any form, so what was picked stays picked while the search changes."""
    search = st.text_input(t("lists.find_person"), key=f"{key}_search", type="search", live=TYPING_PAUSE,
                           placeholder=t("lists.find_person_placeholder"))
    picked = [int(i) for i in st.session_state.get(key) or []]
    options = choices(search, picked)
    chosen = st.multiselect(label, list(options), format_func=options.get, key=key, placeholder=placeholder)
    note = st.empty()  # on every run: an element coming and going would shift, and redraw, what follows
    total = count(search)
    if total > limit:
        note.caption(t("lists.more_people", shown=num(limit), total=num(total)))
    return chosen
