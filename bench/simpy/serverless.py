#!/usr/bin/env python3
"""Keep-alive serverless platform in SimPy 3, the reference side of `npm run bench`.

bench/serverless-model.ts is the same model on VirtLab's Engine, written to mirror this
file function by function (same state, same decisions, same order of operations, the same
floating-point expressions), so both give the same answer for the same inputs:

- Requests arrive by a Poisson process (the exponential gaps are given).
- A request takes the most recently idle warm instance if there is one (warm start: its
  latency gets the warm-start overhead on top). Otherwise it waits in one FIFO queue (full
  queue: rejected) and, if fewer instances are starting than requests wait, a new
  instance cold-starts. An instance that finishes starting takes the head of the queue:
  that request is a cold start (its latency includes the wait, and no warm overhead).
- Concurrency 1: an instance serves one request at a time, for demand x slowdown seconds
  (every instance has its own core). A freed instance takes the head of the queue or
  goes idle.
- Fixed keep-alive: an instance idle for keep_alive_s is stopped. At most one keep-alive
  timer per instance; when it fires and the instance was used since, it waits again.

Both sides read the same random variates (arrival gaps, CPU demands, cold-start times)
from a file the TypeScript bench writes, so their outputs must agree exactly; only the
simulation run itself is timed.

Usage: serverless.py PARAMS_JSON VARIATES_FILE   (prints one JSON object)
Events counted: every event SimPy's scheduler processed (timeouts, process starts and
process ends), from its event-id counter, so counting costs nothing at run time.
"""

import json
import sys
import time
from array import array
from collections import deque

import simpy

STARTING = 0
IDLE = 1
BUSY = 2
STOPPED = 3


class Instance:
    __slots__ = ("id", "state", "idle_since", "expiry_pending")

    def __init__(self, instance_id):
        self.id = instance_id
        self.state = STARTING
        self.idle_since = 0.0
        self.expiry_pending = False


class ServerlessModel:
    def __init__(self, env, params, gaps, demands, cold_starts):
        self.env = env
        self.keep_alive_s = params["keepAliveS"]
        self.warm_overhead_s = params["warmOverheadS"]
        self.slowdown = params["slowdown"]
        self.queue_capacity = params["queueCapacity"]
        self.gaps = gaps
        self.demands = demands
        self.cold_starts = cold_starts
        self.next_cold_start = 0

        self.idle = {}  # insertion-ordered: popitem() takes the most recently idle
        self.queue = deque()  # (arrival time, demand)
        self.next_instance_id = 0
        self.starting = 0
        self.ready = 0

        self.arrivals = 0
        self.completed = 0
        self.rejected = 0
        self.cold_start_count = 0
        self.instances_started = 0
        self.instances_expired = 0
        self.peak_instances = 0
        self.latency_sum_s = 0.0

        env.process(self.arrival_source())

    # --- arrivals ---

    def arrival_source(self):
        env = self.env
        gaps = self.gaps
        demands = self.demands
        for i in range(len(gaps)):
            yield env.timeout(gaps[i])
            self.on_arrival(demands[i])

    def on_arrival(self, demand):
        now = self.env.now
        self.arrivals += 1
        if self.idle:
            instance = self.idle.popitem()[0]
            self.start_job(instance, now, demand, self.warm_overhead_s)
        elif len(self.queue) >= self.queue_capacity:
            self.rejected += 1
        else:
            self.queue.append((now, demand))
            if self.starting < len(self.queue):
                self.start_instance()

    # --- instances ---

    def start_instance(self):
        instance = Instance(self.next_instance_id)
        self.next_instance_id += 1
        self.starting += 1
        self.instances_started += 1
        running = self.starting + self.ready
        if running > self.peak_instances:
            self.peak_instances = running
        delay = self.cold_starts[self.next_cold_start % len(self.cold_starts)]
        self.next_cold_start += 1
        self.env.process(self.boot(instance, delay))

    def boot(self, instance, delay):
        yield self.env.timeout(delay)
        self.starting -= 1
        self.ready += 1
        self.take_next_request(instance, True)

    def take_next_request(self, instance, cold_start):
        if not self.queue:
            self.make_idle(instance)
            return
        arrival, demand = self.queue.popleft()
        if cold_start:
            self.cold_start_count += 1
            self.start_job(instance, arrival, demand, 0.0)
        else:
            self.start_job(instance, arrival, demand, self.warm_overhead_s)

    def start_job(self, instance, arrival, demand, extra_latency_s):
        instance.state = BUSY
        self.env.process(self.serve(instance, arrival, demand * self.slowdown, extra_latency_s))

    def serve(self, instance, arrival, work_s, extra_latency_s):
        yield self.env.timeout(work_s)
        self.completed += 1
        self.latency_sum_s += self.env.now - arrival + extra_latency_s
        self.take_next_request(instance, False)

    # --- keep-alive ---

    def make_idle(self, instance):
        now = self.env.now
        instance.state = IDLE
        instance.idle_since = now
        self.idle[instance] = None
        if not instance.expiry_pending:
            instance.expiry_pending = True
            self.env.process(self.keep_alive(instance, self.keep_alive_s))

    def keep_alive(self, instance, delay):
        env = self.env
        while True:
            yield env.timeout(delay)
            if instance.state != IDLE:
                instance.expiry_pending = False  # it re-arms when it next becomes idle
                return
            due = instance.idle_since + self.keep_alive_s
            if env.now < due:
                delay = due - env.now  # used since: wait for the new deadline
                continue
            instance.expiry_pending = False
            del self.idle[instance]
            instance.state = STOPPED
            self.ready -= 1
            self.instances_expired += 1
            return


def load_variates(path, counts):
    """Native-order doubles (the bench writes them on this machine): gaps, demands, cold starts."""
    values = array("d")
    with open(path, "rb") as f:
        values.fromfile(f, counts["gaps"] + counts["demands"] + counts["coldStarts"])
    # Lists of floats index faster than arrays (no float object made per read).
    gaps_end = counts["gaps"]
    demands_end = gaps_end + counts["demands"]
    return (
        values[:gaps_end].tolist(),
        values[gaps_end:demands_end].tolist(),
        values[demands_end:].tolist(),
    )


def main():
    params = json.loads(sys.argv[1])
    gaps, demands, cold_starts = load_variates(sys.argv[2], params["counts"])

    env = simpy.Environment()
    model = ServerlessModel(env, params, gaps, demands, cold_starts)
    start = time.perf_counter()
    env.run(until=params["horizonS"])
    seconds = time.perf_counter() - start

    events = next(env._eid) - len(env._queue)  # scheduled minus still pending
    print(
        json.dumps(
            {
                "simpyVersion": simpy.__version__,
                "python": sys.version.split()[0],
                "seconds": seconds,
                "events": events,
                "arrivals": model.arrivals,
                "completed": model.completed,
                "rejected": model.rejected,
                "coldStarts": model.cold_start_count,
                "instancesStarted": model.instances_started,
                "instancesExpired": model.instances_expired,
                "peakInstances": model.peak_instances,
                "meanLatencyMs": model.latency_sum_s / model.completed * 1000 if model.completed else None,
            }
        )
    )


if __name__ == "__main__":
    main()
