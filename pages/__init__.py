"""One module per page. Each exposes `render()` and renders NOTHING at import: Streamlit may run these
files directly by URL before any session has called st.navigation, so the login gate lives in each page."""
