"""The weekly lägesbild: week page, trend flags, meetings and actions."""
