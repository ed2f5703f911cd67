"""A save that may come back stale shows a "discard mine" button, and Streamlit allows no button inside a form:
such saves (apply_write with `edited=`) run after their `with st.form(...)` block, never inside it."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _stale_saves_inside_forms(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.With):
            continue
        if not any(isinstance(i.context_expr, ast.Call) and getattr(i.context_expr.func, "attr", "") == "form"
                   for i in node.items):
            continue
        for call in ast.walk(node):
            if (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "apply_write"
                    and any(k.arg == "edited" for k in call.keywords)):
                found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    return found


def test_no_stale_save_runs_inside_a_form():
    files = sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "components").glob("*.py"))
    assert len(files) > 20
    assert [where for path in files for where in _stale_saves_inside_forms(path)] == []
