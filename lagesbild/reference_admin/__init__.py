"""Reference data owned by the group: setup, the set as files, and its administration."""
