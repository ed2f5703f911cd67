"""Demo data for the FM.0390 dashboard: `python -m seed` loads the illustrative dataset,
`python -m seed.bench` times the overview queries on a synthetic volume."""
