"""Stored text (statements, names, titles, comments) shown as plain text in places that render Markdown.

Streamlit renders Markdown in st.markdown, captions, alerts, expander and widget labels and metric labels:
a statement holding `![x](http://…)` would make every reader's browser fetch that image, and `[click](…)`
would show a disguised link. Text typed by users goes through `plain` (or `t_plain` for a catalog message
with user text as parameters) before reaching such a place.
"""
from __future__ import annotations

import re

from components.i18n import t

# Every ASCII punctuation mark may be backslash-escaped in CommonMark. These mean something anywhere in a
# line to Markdown, GitHub Markdown or Streamlit's own directives (:material/icon:, :red[text], $math$)…
_ANYWHERE = re.compile(r"([\\`*_{}\[\]()<>#!|~$]|:(?=[\w/+-]))")
# …and these only at the start of a line (a list item, a numbered item, a setext heading).
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])", re.MULTILINE)


def plain(text: object) -> str:
    """`text` with its Markdown characters escaped, so it reads exactly as typed (line breaks kept)."""
    escaped = _ANYWHERE.sub(r"\\\1", str(text))
    escaped = _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], escaped)
    return escaped.replace("\n", "  \n")


def t_plain(key: str, **params: object) -> str:
    """The catalog message `key` with every parameter shown as plain text (the message's own Markdown kept)."""
    return t(key, **{name: plain(value) for name, value in params.items()})
