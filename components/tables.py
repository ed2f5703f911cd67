"""The one way a page shows a table: text cells neutralised for spreadsheets, since the table's own
toolbar offers "Download as CSV" of exactly what it shows."""
from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from exports.cells import neutralised


def table(frame: pd.DataFrame, **options: Any) -> None:
    """`st.dataframe` of `frame` with every text cell and header neutralised (exports.cells.neutralise).

    `options` go to `st.dataframe` (hide_index, width, column_config, column_order…); the index is hidden
    and the table fills its column unless said otherwise.
    """
    options.setdefault("hide_index", True)
    options.setdefault("width", "stretch")
    st.dataframe(neutralised(frame), **options)
