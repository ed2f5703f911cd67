"""Spreadsheet exports: aggregates only, cells neutralised against formula injection."""
