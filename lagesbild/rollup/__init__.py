"""The roll-ups: active observations counted per week, month, day and activity month, kept in the
writing transaction (table.py declares them)."""
