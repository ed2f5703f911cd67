"""Persistence layer: models, engine, migrations, read queries and write services. Never imports streamlit."""
