"""Stored text (statements, names, titles, comments) shown as plain text in places that render Markdown.

Streamlit renders Markdown in st.markdown, captions, alerts, expander and widget labels and metric labels:
a statement holding `![x](http://…)` would make every reader's browser fetch that image, and `[click](…)`
would show a disguised link. Text typed by users goes through `plain` (or `t_plain` for a catalog message
with user text as parameters) before reaching such a place.
"""
from __future__ import annotations

import re

from components.i18n import t

# Every ASCII punctuation mark may be backslash-escaped in CommonMark; these are the ones Markdown, GitHub
# Markdown or Streamlit's own directives (:material/icon:, :red[text], $math$) give a meaning to.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=\"'&])")


def plain(text: object) -> str:
    """`text` with its Markdown characters escaped, so it reads exactly as typed; line breaks kept as spaces
    would be lost, so each becomes a hard break."""
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\n", "  \n")


def t_plain(key: str, **params: object) -> str:
    """The catalog message `key` with every parameter shown as plain text (the message's own Markdown kept)."""
    return t(key, **{name: plain(value) for name, value in params.items()})
