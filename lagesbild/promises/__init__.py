"""Medborgarlöften and their follow-up; the safety-survey reference values."""
