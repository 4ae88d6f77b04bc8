"""Reference data for Eslöv and the demo data set."""
