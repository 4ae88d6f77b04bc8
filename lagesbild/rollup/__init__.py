"""The weekly roll-up: active observations counted per meeting period, area and subcategory."""
