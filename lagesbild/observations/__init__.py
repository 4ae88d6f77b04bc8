"""Observations: post, correct, withdraw, list, import; the personal-data guard."""
