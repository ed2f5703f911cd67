"""KPI tiles: a row of labelled, locale-formatted headline figures."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    help: str | None = None
    delta: str | None = None


def tile_row(tiles: Sequence[Tile]) -> None:
    """Show tiles side by side, each with its label, value and an explanation on hover."""
    for column, tile in zip(st.columns(len(tiles)), tiles):
        column.metric(tile.label, tile.value, delta=tile.delta, delta_color="off", delta_arrow="off",
                      help=tile.help, border=True)
