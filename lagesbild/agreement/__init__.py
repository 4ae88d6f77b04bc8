"""The samverkansöverenskommelse: the agreement behind the yearly promises."""
