"""Hypothesis's one-time warm-up, paid once per run instead of once per xdist worker.

The first text strategy of a process reads the Unicode table of the characters UTF-8 can encode from
Hypothesis's storage (.hypothesis/unicode_data); on a fresh clone, as in CI, there is none, and every
worker built it at the same moment: 1.3 CPU seconds each (0.09 once the file exists), six times in
`make test`. The controller builds it here before it starts its workers, which then read the file.
"""

import fcntl
import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st


def pytest_xdist_setupnodes(config, specs):
    """Called by xdist in the controller, after Hypothesis's own start-up, before any worker starts."""

    @settings(max_examples=1, database=None, derandomize=True, deadline=None)
    @given(st.text(min_size=1))
    def warm(text):
        pass

    # The two passes of `make test` start together: one builds the table, the other waits and reads it.
    lock = Path(tempfile.gettempdir()) / f"lagesbild-hypothesis-warm-{os.getuid()}.lock"
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        warm()
