"""Charts on a page without rebuilding them on every rerun.

Building an `alt.Chart` and turning it into a Vega-Lite spec (Altair validates it against the JSON schema)
costs tens of milliseconds per chart. `show_chart` keeps the finished spec, keyed by the data version, the
language (the number format of `charts.themed`) and every argument of the builder, so a warm rerun only
looks the spec up. Builders stay pure functions returning `alt.Chart`; files (exports/) call them directly.
"""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
# Streamlit's own conversion (theme "none", data as Arrow datasets, under its lock on Altair's globals): the
# spec is exactly what `st.altair_chart` would send. tests/test_chart_cache.py checks it still is.
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from components.data import current_version
from components.i18n import current_language


@st.cache_data(show_spinner=False, max_entries=256)
def _spec(version: int, language: str, builder_name: str, arguments: str, _builder: Callable[..., alt.Chart],
          _args: tuple[Any, ...], _kwargs: dict[str, Any]) -> dict[str, Any]:
    return _convert_altair_to_vega_lite_spec(_builder(*_args, **_kwargs))


def _digest(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """The arguments by content. Pickling small frames is several times cheaper than Streamlit's hashing of
    each column; equal bytes mean equal arguments, and two equal frames pickled differently only cost a
    rebuild."""
    return hashlib.blake2b(pickle.dumps((args, sorted(kwargs.items())), protocol=5), digest_size=20).hexdigest()


def chart_spec(builder: Callable[..., alt.Chart], /, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The Vega-Lite spec of `builder(*args, **kwargs)` as `st.altair_chart` sends it, built once per data
    version, language and arguments."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _spec(current_version(), current_language(), name, _digest(args, kwargs), builder, args, kwargs)


def show_chart(builder: Callable[..., alt.Chart], /, *args: Any, where: DeltaGenerator | None = None,
               **kwargs: Any) -> None:
    """Draw `builder(*args, **kwargs)` full width in `where` (the page by default), as `st.altair_chart` does."""
    (where or st).vega_lite_chart(chart_spec(builder, *args, **kwargs), width="stretch")
