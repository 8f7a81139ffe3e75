"""The assignment model's own rules."""

from tests.assignments.conftest import build_assignment


def test_points_split_evenly_with_the_remainder_first(teacher):
    assignment = build_assignment(teacher, prompts=3, points=10)
    assert assignment.prompt_points(3) == [4, 3, 3]
    assert sum(assignment.prompt_points(7)) == 10


def test_points_set_by_hand_win_and_the_rest_share_what_is_left(teacher):
    assignment = build_assignment(teacher, prompts=3, points=10)
    assert assignment.points_with([None, None, None]) == [4, 3, 3]
    assert assignment.points_with([6, None, None]) == [6, 2, 2]
    assert assignment.points_with([8, 1, 1]) == [8, 1, 1]
    assert assignment.points_with([12, None]) == [12, 0]
