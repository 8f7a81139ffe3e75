"""The security suite's figures: what each probe tried and how it came out.

Every probe counts what it did here; the suite's conftest prints the table at the
end of the run (docs/security.md holds the figures of the last full run). A probe
that sees an unexpected answer records it as a failure with enough to reproduce it,
and its test fails."""

from collections import Counter, defaultdict

COUNTS: dict[str, Counter] = defaultdict(Counter)
SETS: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))


def count(probe: str, what: str, n: int = 1) -> None:
    COUNTS[probe][what] += n


def seen(probe: str, kind: str, value) -> None:
    """Remember a distinct value (a route, an actor, a method) for the table."""
    SETS[probe][kind].add(value)


def table() -> list[str]:
    lines = []
    for probe in sorted(set(COUNTS) | set(SETS)):
        distinct = ", ".join(
            f"{kind} {len(values)}" for kind, values in sorted(SETS[probe].items())
        )
        counted = ", ".join(f"{what} {n}" for what, n in sorted(COUNTS[probe].items()))
        lines.append(
            f"{probe}: {distinct}{'; ' if distinct and counted else ''}{counted}"
        )
    return lines
