"""The hand-written mutants: small faults in the rules that protect people, and the tests that must
catch each. A mutant is `before` → `after` in one file (`before` must occur there exactly once).

Rules: the personal-data guard, who sees an observation's details, the public variant's counts,
small-count suppression, the trend flags, formula and map escaping, and the meeting lock.
Equivalent mutants (no behaviour can tell them from the original) carry the reason and are not run.
"""

from dataclasses import dataclass

# The personal-data guard (one module for every free-text field).
GUARD = "lagesbild/privacy.py"
VISIBILITY = "lagesbild/observations/visibility.py"
ACCESS = "lagesbild/observations/access.py"
SUPPRESS = "lagesbild/problembild/suppress.py"
TRENDS = "lagesbild/meeting/trends.py"
ESCAPING = "lagesbild/escaping.py"
# Which observations a period shows (and so which a closed meeting locks): one clause on the model.
PERIOD = "lagesbild/models/observations.py"

# Selections run with -x, the quickest likely killer first.
GUARD_TESTS = ("tests/test_privacy.py", "tests/test_privacy_rules.py")
VISIBILITY_TESTS = ("tests/test_observations_lists.py", "tests/test_week.py", "tests/test_observations.py")
PUBLIC_TESTS = (
    "tests/test_public_counts.py",
    # The roll-ups count n_public with is_public (Python) and rebuild with public_clause (SQL); whole
    # months of the public counts come from them, so a fault in either shows as a difference here.
    "tests/test_rollup_reads.py::test_the_problembild_counts_from_the_roll_ups_are_the_raw_rows_counts",
    "tests/test_problembild_public.py::test_a_restricted_activity_changes_nothing_the_public_variant_publishes",
    "tests/test_problembild_public.py::test_public_variant_holds_no_names_free_text_points_or_restricted_counts",
)
SUPPRESS_TESTS = (
    "tests/test_suppression_reader.py",
    "tests/test_problembild_public.py::test_no_suppressed_count_can_be_derived_from_row_and_column_totals",
    "tests/test_problembild_public.py::test_a_single_small_cell_gets_a_partner_in_its_row_and_its_column",
)
TREND_TESTS = ("tests/test_trends.py",)
ESCAPING_TESTS = ("tests/test_escaping.py", "tests/test_export_problembild.py")
LOCK_TESTS = (
    "tests/test_observations.py::test_a_member_cannot_change_another_members_observation",
    "tests/test_observations.py::test_after_the_meeting_closed_only_chair_or_coordinator_correct_with_a_reason",
    "tests/test_meeting.py::test_closing_locks_the_periods_observations_only",
    "tests/test_withdrawn_and_locked.py",
)


@dataclass(frozen=True)
class Mutant:
    id: str
    rule: str
    what: str
    path: str
    before: str
    after: str
    tests: tuple[str, ...]
    equivalent: str | None = None


MUTANTS = [
    # --- the personal-data guard ---------------------------------------------------------------
    Mutant(
        "G1",
        "guard",
        "Luhn doubles the wrong digits",
        GUARD,
        "if index % 2 == 1:",
        "if index % 2 == 0:",
        GUARD_TESTS,
    ),
    Mutant(
        "G2",
        "guard",
        "Luhn accepts every sum but the right ones",
        GUARD,
        "return total % 10 == 0",
        "return total % 10 != 0",
        GUARD_TESTS,
    ),
    Mutant(
        "G3",
        "guard",
        "Luhn subtracts 9 from a doubled 9 too",
        GUARD,
        "if value > 9:",
        "if value >= 9:",
        GUARD_TESTS,
        equivalent="a doubled digit is even, so it is never 9",
    ),
    Mutant(
        "G4",
        "guard",
        "samordningsnummer from day 60",
        GUARD,
        "if day > 60:",
        "if day >= 60:",
        GUARD_TESTS,
        equivalent="day 60 is no real day either way (60 and 0 are both invalid), so both give None",
    ),
    Mutant(
        "G5",
        "guard",
        "samordningsnummer day off by one",
        GUARD,
        "kind, real_day = SAMORDNINGSNUMMER, day - 60",
        "kind, real_day = SAMORDNINGSNUMMER, day - 61",
        GUARD_TESTS,
    ),
    Mutant(
        "G6",
        "guard",
        "a 10-digit number only tries the 1900s",
        GUARD,
        "years = [1900 + yy, 2000 + yy]",
        "years = [1900 + yy]",
        GUARD_TESTS,
    ),
    Mutant(
        "G7",
        "guard",
        "the 1800s century is refused",
        GUARD,
        'if century not in ("18", "19", "20"):',
        'if century not in ("19", "20"):',
        GUARD_TESTS,
    ),
    Mutant(
        "G8",
        "guard",
        "a space no longer separates date and number",
        GUARD,
        r"(\d{6}) ?[-+./]? ?(\d{4})",
        r"(\d{6})[-+./]?(\d{4})",
        GUARD_TESTS,
    ),
    Mutant(
        "G9",
        "guard",
        "national numbers of 10 digits are let through",
        GUARD,
        "if not 8 <= len(digits) <= 10",
        "if not 8 <= len(digits) <= 9",
        GUARD_TESTS,
    ),
    Mutant(
        "G10",
        "guard",
        "an e-mail address is not looked for",
        GUARD,
        "*_emails(normal), ",
        "",
        GUARD_TESTS,
    ),
    Mutant(
        "G11",
        "guard",
        "pasted text is matched without Unicode normalisation (fullwidth digits, ＠)",
        GUARD,
        'unicodedata.normalize("NFKC", char).translate(_FOLD)',
        "char.translate(_FOLD)",
        GUARD_TESTS,
    ),
    Mutant(
        "G12",
        "guard",
        "an abbreviation also excuses a 2019-style plate (LSS 12A)",
        GUARD,
        "match.group(1) in ABBREVIATIONS and match.group(2).isdigit()",
        "match.group(1) in ABBREVIATIONS",
        GUARD_TESTS,
    ),
    Mutant(
        "G13",
        "guard",
        "a number after a phone number hides it again",
        GUARD,
        "for end in range(len(found), 0, -1):",
        "for end in (len(found),):",
        GUARD_TESTS,
    ),
    # --- who sees an observation's details -----------------------------------------------------
    Mutant(
        "V1",
        "visibility",
        "a restricted observation hides from its own organisation",
        VISIBILITY,
        "        or observation.organisation_id == user.organisation_id\n",
        "",
        VISIBILITY_TESTS,
    ),
    Mutant(
        "V2",
        "visibility",
        "every member sees every detail",
        VISIBILITY,
        "return user.has_role(Role.CHAIR)",
        "return True",
        VISIBILITY_TESTS,
    ),
    Mutant(
        "V3",
        "visibility",
        "the chair no longer sees restricted details in lists",
        VISIBILITY,
        "        return true()\n",
        "        pass\n",
        VISIBILITY_TESTS,
    ),
    Mutant(
        "V4",
        "visibility",
        "lists show other organisations' restricted observations",
        VISIBILITY,
        "Observation.organisation_id == user.organisation_id)",
        "Observation.organisation_id != user.organisation_id)",
        VISIBILITY_TESTS,
    ),
    Mutant(
        "V5",
        "public",
        "the public counts include withdrawn observations",
        VISIBILITY,
        "return and_(Observation.status == ObservationStatus.ACTIVE, group_view_clause())",
        "return group_view_clause()",
        PUBLIC_TESTS,
        equivalent="both callers (problembild.queries.observation_filter, promises.progress.counted_clause) "
        "already require ACTIVE; public_clause repeats it as defence in depth",
    ),
    Mutant(
        "V6",
        "public",
        "the public counts include restricted observations",
        VISIBILITY,
        "return and_(Observation.status == ObservationStatus.ACTIVE, group_view_clause())",
        "return Observation.status == ObservationStatus.ACTIVE",
        PUBLIC_TESTS,
    ),
    Mutant(
        "V7",
        "public",
        "the roll-ups count restricted observations as public",
        VISIBILITY,
        "ObservationStatus(status) is ObservationStatus.ACTIVE and Sharing(sharing) is Sharing.GRUPPEN",
        "ObservationStatus(status) is ObservationStatus.ACTIVE",
        PUBLIC_TESTS,
    ),
    # --- small-count suppression ---------------------------------------------------------------
    Mutant(
        "S1",
        "suppression",
        "a count of 3 is hidden too",
        SUPPRESS,
        "if 0 < value < self.min_count}",
        "if 0 < value <= self.min_count}",
        SUPPRESS_TESTS,
    ),
    Mutant(
        "S2",
        "suppression",
        "a count of 2 is published",
        SUPPRESS,
        "if 0 < value < self.min_count}",
        "if 0 < value < self.min_count - 1}",
        SUPPRESS_TESTS,
    ),
    Mutant(
        "S3",
        "suppression",
        "no secondary suppression at all",
        SUPPRESS,
        "            added = self._protect(hidden, primary)\n",
        "            added = set()\n",
        SUPPRESS_TESTS,
    ),
    Mutant(
        "S4",
        "suppression",
        "a reader's bounds on a small count are too wide",
        SUPPRESS,
        "return (1, self.min_count - 1) if key in primary",
        "return (0, self.min_count) if key in primary",
        SUPPRESS_TESTS,
    ),
    Mutant(
        "S5",
        "suppression",
        "a pinned cell is not noticed",
        SUPPRESS,
        "if max(lo, ends[0]) == min(hi, ends[1]):",
        "if max(lo, ends[0]) > min(hi, ends[1]):",
        SUPPRESS_TESTS,
    ),
    Mutant(
        "S6",
        "suppression",
        "cells worked out across lines stay published",
        SUPPRESS,
        "return [key for i, key in enumerate(unknown) if free[i] < 1e-9]",
        "return []",
        SUPPRESS_TESTS,
    ),
    Mutant(
        "S7",
        "suppression",
        "only one round of secondary suppression",
        SUPPRESS,
        "            if not added:\n                break\n",
        "            break\n",
        SUPPRESS_TESTS,
    ),
    # --- trend flags ---------------------------------------------------------------------------
    Mutant("T1", "trend", "P(X >= 0) is not 1", TRENDS, "if count <= 0:", "if count < 0:", TREND_TESTS),
    Mutant(
        "T2",
        "trend",
        "the Poisson tail sums one term too many",
        TRENDS,
        "for k in range(1, count):",
        "for k in range(1, count + 1):",
        TREND_TESTS,
    ),
    Mutant(
        "T3",
        "trend",
        "a lower floor lets 3 from nothing flag",
        TRENDS,
        "FLOOR = 0.5",
        "FLOOR = 0.4",
        TREND_TESTS,
    ),
    Mutant(
        "T4",
        "trend",
        "a looser alpha lets 3 from nothing flag",
        TRENDS,
        "ALPHA = 0.01",
        "ALPHA = 0.02",
        TREND_TESTS,
    ),
    Mutant(
        "T5",
        "trend",
        "one improbable baseline is enough",
        TRENDS,
        "self.p_usual < ALPHA and self.p_last_year < ALPHA",
        "self.p_usual < ALPHA or self.p_last_year < ALPHA",
        TREND_TESTS,
    ),
    Mutant(
        "T6",
        "trend",
        "the usual level is not floored",
        TRENDS,
        "p_usual=poisson_tail(count, max(usual, FLOOR)),",
        "p_usual=poisson_tail(count, usual),",
        TREND_TESTS,
    ),
    Mutant(
        "T7",
        "trend",
        "last year's count is not floored",
        TRENDS,
        "p_last_year=poisson_tail(count, max(float(last_year), FLOOR)),",
        "p_last_year=poisson_tail(count, float(last_year)),",
        TREND_TESTS,
    ),
    Mutant(
        "T8",
        "trend",
        "least improbable flag first",
        TRENDS,
        "key=lambda t: (t.p_usual, -t.count, str(t.cell))",
        "key=lambda t: (-t.p_usual, -t.count, str(t.cell))",
        TREND_TESTS,
    ),
    # --- escaping ------------------------------------------------------------------------------
    Mutant(
        "E1",
        "escaping",
        "a leading minus is not a formula",
        ESCAPING,
        'FORMULA_PREFIXES = ("=", "+", "-", "@", "\\t", "\\r")',
        'FORMULA_PREFIXES = ("=", "+", "@", "\\t", "\\r")',
        ESCAPING_TESTS,
    ),
    Mutant(
        "E2",
        "escaping",
        "a leading tab is not a formula",
        ESCAPING,
        'FORMULA_PREFIXES = ("=", "+", "-", "@", "\\t", "\\r")',
        'FORMULA_PREFIXES = ("=", "+", "-", "@", "\\r")',
        ESCAPING_TESTS,
    ),
    Mutant(
        "E3",
        "escaping",
        "backticks reach the template literal",
        ESCAPING,
        '.replace("`", "\\\\`")',
        "",
        ESCAPING_TESTS,
    ),
    Mutant(
        "E4",
        "escaping",
        "dollar signs reach the template literal",
        ESCAPING,
        '.replace("$", "\\\\$")',
        "",
        ESCAPING_TESTS,
    ),
    Mutant(
        "E5",
        "escaping",
        "backslashes are escaped after the backticks",
        ESCAPING,
        'escaped.replace("\\\\", "\\\\\\\\").replace("`", "\\\\`")',
        'escaped.replace("`", "\\\\`").replace("\\\\", "\\\\\\\\")',
        ESCAPING_TESTS,
    ),
    Mutant(
        "E6",
        "escaping",
        "map text is not HTML-escaped",
        ESCAPING,
        "escaped = html.escape(str(text), quote=True)",
        "escaped = str(text)",
        ESCAPING_TESTS,
    ),
    Mutant(
        "E7",
        "escaping",
        "CSV cells keep their formulas",
        ESCAPING,
        'return f"\'{value}" if is_formula_like(value) else value',
        "return value",
        ESCAPING_TESTS,
    ),
    # --- the meeting lock ----------------------------------------------------------------------
    Mutant(
        "L1",
        "locking",
        "a locked observation stays open to its author",
        ACCESS,
        "return observation.is_active and observation.locked_at is None",
        "return observation.is_active",
        LOCK_TESTS,
    ),
    Mutant(
        "L2",
        "locking",
        "a withdrawn observation stays open to its author",
        ACCESS,
        "return observation.is_active and observation.locked_at is None",
        "return observation.locked_at is None",
        LOCK_TESTS,
    ),
    Mutant(
        "L3",
        "locking",
        "any member who sees an observation may edit it",
        ACCESS,
        "observation.author_id == user.id\n        and is_open(observation)",
        "is_open(observation)",
        LOCK_TESTS,
    ),
    Mutant(
        "L4",
        "locking",
        "only the period's first day is locked",
        PERIOD,
        "cls.occurred_on.between(period.start, period.end)",
        "cls.occurred_on.between(period.start, period.start)",
        LOCK_TESTS,
    ),
    Mutant(
        "L5",
        "locking",
        "reports made during the period about earlier days stay open",
        PERIOD,
        "cls.created_at >= period.reported_late_from,",
        "cls.created_at >= period.reported_until,",
        LOCK_TESTS,
    ),
]
