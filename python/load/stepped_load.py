"""The pure parts of the predictor's load test (locustfile.py): the stepped schedule, the
per-step statistics and the verdict. No Locust import, so pytest checks them alone."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# The load test's latency objective for one prediction request, at the 95th percentile
# (docs/load-test.md).
P95_OBJECTIVE_MS = 50.0


# The step of the warm-up that precedes the measured steps.
WARMUP = -1


@dataclass(frozen=True)
class Schedule:
    """A warm-up with the first step's users, then users rising by `step_users` every
    `step_seconds`, `steps` times; then the test ends."""

    step_users: int
    step_seconds: float
    steps: int
    # The first seconds of a step ramp users up and fill connection pools: not measured.
    settle_seconds: float = 3.0
    # The predictor's first requests compile and cache code paths: not measured either.
    warmup_seconds: float = 10.0

    def step_at(self, run_seconds: float) -> int | None:
        """The step running at `run_seconds` since the start (WARMUP first), None once the last has ended."""
        if run_seconds < self.warmup_seconds:
            return WARMUP
        step = int((run_seconds - self.warmup_seconds) // self.step_seconds)
        return step if step < self.steps else None

    def users(self, step: int) -> int:
        return self.step_users * (max(step, 0) + 1)

    def measured(self, run_seconds: float) -> bool:
        """True when a request finishing at `run_seconds` counts towards its step's figures."""
        if run_seconds < self.warmup_seconds:
            return False
        return (run_seconds - self.warmup_seconds) % self.step_seconds >= self.settle_seconds


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an ascending list: a latency actually observed."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass
class StepStats:
    users: int
    response_ms: list[float] = field(default_factory=list)
    failures: int = 0

    def summary(self, seconds: float) -> dict:
        ordered = sorted(self.response_ms)
        return {
            "users": self.users,
            "requests": len(ordered) + self.failures,
            "failures": self.failures,
            "rps": round((len(ordered) + self.failures) / seconds, 1) if seconds > 0 else math.nan,
            "p50_ms": percentile(ordered, 50),
            "p95_ms": percentile(ordered, 95),
            "p99_ms": percentile(ordered, 99),
        }


def held(step: dict) -> bool:
    """A step is held when it answered requests, none failed, and its p95 met the objective."""
    return step["requests"] > 0 and step["failures"] == 0 and step["p95_ms"] < P95_OBJECTIVE_MS


def verdict(steps: list[dict]) -> dict:
    """The largest user count held, counting only the steps before the first one that was not:
    a step held after a failing one says nothing about sustained load."""
    best = None
    for step in steps:
        if not held(step):
            return {"max_users_held": best, "first_failing_step": step, "objective_p95_ms": P95_OBJECTIVE_MS}
        best = step["users"]
    return {"max_users_held": best, "first_failing_step": None, "objective_p95_ms": P95_OBJECTIVE_MS}
