"""The åtgärdsplan: the year's measures, and the plan as a document in the law's order."""
