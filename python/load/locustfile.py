"""Load test of the predictor (docs/load-test.md): users that each ask for a prediction about every half
second, added in steps, with every step's latency and failures recorded apart, to find the
largest number of users the predictor holds with p95 under 50 ms and no failure.

Run through `npm run load-test` (scripts/load-test.ts), which starts the predictor with a
production model and runs this file headless for a bounded time. Settings come from the
environment: LOAD_STEP_USERS, LOAD_STEP_SECONDS, LOAD_STEPS, LOAD_WARMUP_SECONDS,
LOAD_RESULT (a JSON file)."""

from __future__ import annotations

import json
import os
import sys
import time

from locust import FastHttpUser, LoadTestShape, between, events, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stepped_load import Schedule, StepStats, verdict  # noqa: E402

SCHEDULE = Schedule(
    step_users=int(os.environ.get("LOAD_STEP_USERS", "100")),
    step_seconds=float(os.environ.get("LOAD_STEP_SECONDS", "15")),
    steps=int(os.environ.get("LOAD_STEPS", "20")),
    warmup_seconds=float(os.environ.get("LOAD_WARMUP_SECONDS", "10")),
)
RESULT = os.environ.get("LOAD_RESULT", "load-test-result.json")

# One plausible realtor listing, as the demo's example request sends it.
ROW = {"status": "for_sale", "bed": 3, "bath": 2, "acre_lot": 0.25, "city": "Columbus", "state": "Ohio", "zip_code": "43004", "house_size": 1600, "prev_sold_date": "2019-06-01"}

started_at: float | None = None
steps: dict[int, StepStats] = {}


class SteppedUsers(LoadTestShape):
    """SCHEDULE's steps; a step's new users are all running within its settle time (100 a second)."""

    def tick(self):
        step = SCHEDULE.step_at(self.get_run_time())
        if step is None:
            return None
        return SCHEDULE.users(step), min(SCHEDULE.step_users * 5, 100)


class PredictUser(FastHttpUser):
    # About two requests a second per user: a random pause of 0.25-0.75 s after each answer.
    # Random, not a fixed pacing: users started together would otherwise stay in step and
    # send their requests in bursts that no real set of clients sends.
    wait_time = between(0.25, 0.75)

    @task
    def predict(self):
        with self.client.post("/predict", json=ROW, catch_response=True, name="POST /predict") as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif "prediction" not in (response.text or ""):
                response.failure("no prediction in the answer")


@events.test_start.add_listener
def on_start(environment, **_):
    global started_at
    started_at = time.monotonic()


@events.request.add_listener
def on_request(response_time, exception, **_):
    if started_at is None:
        return
    now = time.monotonic() - started_at
    step = SCHEDULE.step_at(now)
    if step is None or not SCHEDULE.measured(now):
        return
    stats = steps.setdefault(step, StepStats(users=SCHEDULE.users(step)))
    if exception is None:
        stats.response_ms.append(response_time)
    else:
        stats.failures += 1


@events.quitting.add_listener
def on_quit(environment, **_):
    measured_seconds = SCHEDULE.step_seconds - SCHEDULE.settle_seconds
    summaries = [steps[s].summary(measured_seconds) for s in sorted(steps)]
    result = {"schedule": SCHEDULE.__dict__, "think_seconds": [0.25, 0.75], "steps": summaries, **verdict(summaries)}
    with open(RESULT, "w") as f:
        json.dump(result, f, indent=2)
