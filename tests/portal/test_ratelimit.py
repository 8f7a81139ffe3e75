"""portal.ratelimit: failure counters in the shared cache."""

from portal.ratelimit import failure_record, failures_reached


def test_a_counter_reaches_its_limit_and_each_key_counts_alone():
    assert not failures_reached({"a": 2, "b": 1})
    failure_record("a", window_seconds=60)
    assert not failures_reached({"a": 2})
    failure_record("a", "b", window_seconds=60)
    assert failures_reached({"a": 2})
    assert failures_reached({"b": 1})
    assert not failures_reached({"b": 2, "c": 1})
