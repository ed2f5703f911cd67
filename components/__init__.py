"""Reusable Streamlit pieces: translation, auth, data access, KPI tiles, forms and chart builders."""
