"""Codes that mean the same thing everywhere (domain.md, "One word per concept"): one definition each."""
from __future__ import annotations

SEXES = ("F", "M")
"""Sex codes of people; the labels (women/men, femmes/hommes) come from the catalogs."""

FOLLOW_UP_MONTHS = (3, 6, 12)
"""Months after training (participants) or after launch (enterprises) at which the outcome is followed up."""
