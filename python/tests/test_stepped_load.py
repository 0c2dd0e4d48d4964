"""The load test's schedule, percentiles and verdict (python/load/stepped_load.py)."""

import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "load"))
from stepped_load import WARMUP, Schedule, StepStats, percentile, verdict  # noqa: E402


def test_schedule_warms_up_steps_users_and_ends():
    s = Schedule(step_users=50, step_seconds=10, steps=3, settle_seconds=2, warmup_seconds=5)
    assert [s.step_at(t) for t in (0, 4.9, 5, 14.9, 15, 34.9, 35)] == [WARMUP, WARMUP, 0, 0, 1, 2, None]
    assert [s.users(i) for i in (WARMUP, 0, 1, 2)] == [50, 50, 100, 150]
    assert not s.measured(1) and not s.measured(16.5) and s.measured(17) and s.measured(24.9)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50 and percentile(values, 95) == 95 and percentile(values, 99) == 99
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 95))


def test_step_summary_counts_failures_as_requests():
    stats = StepStats(users=10, response_ms=[3.0, 1.0, 2.0], failures=1)
    assert stats.summary(2.0) == {"users": 10, "requests": 4, "failures": 1, "rps": 2.0, "p50_ms": 2.0, "p95_ms": 3.0, "p99_ms": 3.0}


def step(users, p95, failures=0, requests=100):
    return {"users": users, "requests": requests, "failures": failures, "p95_ms": p95}


def test_verdict_stops_at_the_first_step_not_held():
    result = verdict([step(100, 5), step(200, 20), step(300, 60), step(400, 10)])
    assert result["max_users_held"] == 200
    assert result["first_failing_step"]["users"] == 300


def test_verdict_counts_a_failure_and_an_empty_step_as_not_held():
    assert verdict([step(100, 5), step(200, 5, failures=1)])["max_users_held"] == 100
    assert verdict([step(100, 5, requests=0)])["max_users_held"] is None
    assert verdict([step(100, 5), step(200, 49.9)]) == {"max_users_held": 200, "first_failing_step": None, "objective_p95_ms": 50.0}
