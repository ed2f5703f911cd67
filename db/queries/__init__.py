"""Read side: queries that aggregate in SQL and return DataFrames or small dataclasses."""
