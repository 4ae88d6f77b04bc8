"""A small mutation check over the rules that protect people (`make mutants`; not part of `make test`)."""
