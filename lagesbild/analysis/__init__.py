"""The year's analysis beside the computed problembild: prioritised problems, causes, consequences."""
