"""The assignment model's own rules."""

from tests.assignments.conftest import build_assignment


def test_points_split_evenly_with_the_remainder_first(teacher):
    assignment = build_assignment(teacher, prompts=3, points=10)
    assert assignment.prompt_points(3) == [4, 3, 3]
    assert sum(assignment.prompt_points(7)) == 10
