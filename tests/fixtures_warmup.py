"""What every xdist worker would otherwise build for itself, built once by the controller before it
starts them (`make test` runs six workers at once on a fresh clone, so none could reuse another's).

- Hypothesis's Unicode table: the first text strategy of a process reads the characters UTF-8 can
  encode from Hypothesis's storage (.hypothesis/unicode_data); on a fresh clone there is none, and
  every worker built it for its first hypothesis test: 1.3 CPU seconds each, 0.09 once the file exists.
- Bytecode: this machine and CI set PYTHONDONTWRITEBYTECODE, so every worker compiled the app's
  modules and rewrote and compiled every test module's asserts while collecting (2.7 of the 8 CPU
  seconds a worker spends collecting). Python and pytest read bytecode that exists whatever that
  setting says: the controller writes it once, pytest's assert-rewritten test modules through the
  functions its import hook uses (if a pytest version lacks them, the workers rewrite as before).
"""

import compileall
import fcntl
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent


@pytest.hookimpl(optionalhook=True)  # an xdist hook: without xdist it is never called
def pytest_xdist_setupnodes(config, specs):
    """Called by xdist in the controller, after Hypothesis's own start-up, before any worker starts."""
    # The two passes of `make test` start together: one builds, the other waits and finds it built.
    lock = Path(tempfile.gettempdir()) / f"lagesbild-test-warm-up-{os.getuid()}.lock"
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        _warm_hypothesis()
        _write_bytecode(config)


def _warm_hypothesis() -> None:
    @settings(max_examples=1, database=None, derandomize=True, deadline=None)
    @given(st.text(min_size=1))
    def warm(text):
        pass

    warm()


# The modules pytest imports through its assert-rewriting hook: the test modules, conftest and the
# plugins conftest names (fixtures_*.py); the other helpers are imported as plain modules.
_REWRITTEN = re.compile(r"(^test_.*|^conftest|^fixtures_.*)\.py$")


def _write_bytecode(config) -> None:
    tests = ROOT / "tests"
    compileall.compile_dir(ROOT / "lagesbild", quiet=2)
    compileall.compile_dir(tests, quiet=2, rx=re.compile(r"/(test_|conftest|fixtures_)[^/]*\.py$"))
    try:
        from _pytest.assertion.rewrite import (
            PYC_TAIL,
            _read_pyc,
            _rewrite_test,
            _write_pyc,
            assertstate_key,
            get_cache_dir,
        )

        state = config.stash[assertstate_key]
    except (ImportError, KeyError):  # another pytest, or assertion rewriting turned off
        return
    modules = [module for module in sorted(tests.rglob("*.py")) if _REWRITTEN.match(module.name)]
    try:
        for module in modules:
            pyc = get_cache_dir(module) / (module.name[:-3] + PYC_TAIL)
            if _read_pyc(module, pyc, state.trace) is None:
                try:
                    pyc.parent.mkdir(exist_ok=True)
                except OSError:  # a read-only checkout: the workers rewrite as before
                    return
                try:
                    source_hash, code = _rewrite_test(module, config)
                except (SyntaxError, ValueError, OSError):
                    continue  # the worker collecting it reports the error, as it always did
                _write_pyc(state, code, source_hash, pyc)
    except (TypeError, AttributeError):
        # These are pytest's private functions (pytest is not pinned): should a release change their
        # signatures, the warm-up stops and the workers rewrite as they always did, rather than CI failing.
        return
