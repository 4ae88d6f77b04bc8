"""Apply each hand-written mutant to a temporary copy of the package, run its tests, print the score.

    python -m tests.mutation.run            # every mutant (a few minutes on 2 cores)
    python -m tests.mutation.run T3 G       # only the mutants whose id starts with T3 or G
    python -m tests.mutation.run --list     # list them without running

The worktree is never modified: `lagesbild/` and `tests/` are copied into a temporary directory (the
rest is linked), the mutant is written there, and the directory goes when the run ends or is
interrupted. Tests run on SQLite unless LAGESBILD_TEST_DATABASE_URL is set. Exit status 0 means every
mutant not marked equivalent was killed.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .mutants import MUTANTS, Mutant

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("lagesbild", "tests")  # small, and what the mutants and conftest live in
LINKED = ("templates", "static", "docs", "migrations", "pyproject.toml")
TIMEOUT_S = 600  # a mutant that makes a loop endless counts as killed when this runs out


def prepare(tmp: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        shutil.copytree(ROOT / name, tmp / name, ignore=ignore, symlinks=True)
    for name in LINKED:
        if (ROOT / name).exists():
            (tmp / name).symlink_to(ROOT / name)


def environment() -> dict[str, str]:
    # Without .pyc files a mutant can never be shadowed by bytecode of the same size and mtime.
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def pytest(tmp: Path, selection: tuple[str, ...]) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider", *selection]
    return subprocess.run(
        command, cwd=tmp, env=environment(), capture_output=True, text=True, timeout=TIMEOUT_S, check=False
    )


def check_mutants(tmp: Path, mutants: list[Mutant]) -> list[str]:
    """Every mutant must still match its source exactly once: a stale mutant would prove nothing."""
    problems = []
    for mutant in mutants:
        found = (tmp / mutant.path).read_text(encoding="utf-8").count(mutant.before)
        if found != 1:
            problems.append(f"{mutant.id}: {mutant.before!r} occurs {found} times in {mutant.path}")
    return problems


def imports_the_copy(tmp: Path) -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", "import lagesbild; print(lagesbild.__file__)"],
        cwd=tmp,
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(probe.stdout.strip()).resolve().is_relative_to(tmp.resolve())


def run_one(tmp: Path, mutant: Mutant) -> tuple[str, float, str]:
    """Return (outcome, seconds, last output line) for one mutant; the copy is restored afterwards."""
    target = tmp / mutant.path
    original = target.read_text(encoding="utf-8")
    started = time.monotonic()
    try:
        target.write_text(original.replace(mutant.before, mutant.after, 1), encoding="utf-8")
        result = pytest(tmp, mutant.tests)
        # 1: a test failed; 2: collection or import failed. 4/5: usage error or no tests: a broken selection.
        outcome = {0: "SURVIVED", 1: "killed", 2: "killed"}.get(result.returncode, "ERROR")
        tail = (result.stdout.strip().splitlines() or [""])[-1]
    except subprocess.TimeoutExpired:
        outcome, tail = "killed", f"timed out after {TIMEOUT_S} s"
    finally:
        target.write_text(original, encoding="utf-8")
    return outcome, time.monotonic() - started, tail


def main(argv: list[str]) -> int:
    prefixes = [arg for arg in argv if not arg.startswith("-")]
    chosen = [m for m in MUTANTS if not prefixes or m.id.startswith(tuple(prefixes))]
    if "--list" in argv:
        for mutant in chosen:
            note = f"  [equivalent: {mutant.equivalent}]" if mutant.equivalent else ""
            print(f"{mutant.id:<4} {mutant.rule:<12} {mutant.what}{note}")
        return 0
    with tempfile.TemporaryDirectory(prefix="lagesbild-mutants-") as name:
        tmp = Path(name)
        prepare(tmp)
        problems = check_mutants(tmp, chosen)
        if problems:
            print(
                "Stale mutants (the source changed; update tests/mutation/mutants.py):", *problems, sep="\n  "
            )
            return 2
        if not imports_the_copy(tmp):
            print("The copy's lagesbild is not the one imported; is the package installed non-editable?")
            return 2
        selection = tuple(dict.fromkeys(t for m in chosen if not m.equivalent for t in m.tests))
        baseline = pytest(tmp, selection)
        if baseline.returncode != 0:
            print("The unmutated tests fail; fix them first.\n" + baseline.stdout[-3000:])
            return 2
        survived, errors, equivalent = [], [], []
        for mutant in chosen:
            if mutant.equivalent:
                equivalent.append(mutant)
                print(
                    f"{'equivalent':<10} {mutant.id:<4} {mutant.rule:<12} {mutant.what} ({mutant.equivalent})"
                )
                continue
            outcome, seconds, tail = run_one(tmp, mutant)
            print(f"{outcome:<10} {mutant.id:<4} {mutant.rule:<12} {mutant.what} [{seconds:.0f} s: {tail}]")
            sys.stdout.flush()
            if outcome == "SURVIVED":
                survived.append(mutant)
            elif outcome == "ERROR":
                errors.append(mutant)
        scored = len(chosen) - len(equivalent)
        killed = scored - len(survived) - len(errors)
        print(
            f"\nMutation score: {killed}/{scored} non-equivalent mutants killed "
            f"({len(equivalent)} equivalent, {len(chosen)} in all)."
        )
        if survived or errors:
            print("Not killed:", ", ".join(m.id for m in survived + errors))
            return 1
    return 0


if __name__ == "__main__":
    # `kill` ends the run like Ctrl+C: the running tests are stopped and the temporary copy removed.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    raise SystemExit(main(sys.argv[1:]))
