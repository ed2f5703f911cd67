"""Pure calculations of the project's figures: no I/O, no streamlit, tested with hand-worked values."""
