"""Measures the Python client through a gateway: p50 latency of sequential calls and calls/s with 100 in flight.

    python3 examples/measure.py grpc://127.0.0.1:50051 [calls] [warm-up seconds]

The gateway's silo must serve the values provider (ClusterProviders.ValuesProvider) under provider id 7, as the
tests' silo host does. Calls go on for ``warm-up seconds`` (default 20) before anything is timed: the silo's .NET code
reaches its steady speed only once tiered JIT compilation has optimized the call path, which takes thousands of calls
(with 200, a fresh Release host measured ~5x slower). Then ``calls`` (default 2000) sequential ``values_echo`` calls
give the p50 latency, and as many again, sent in waves of 100 non-blocking calls each waited for, the calls/s. Prints
one line; writes nothing.
"""

import statistics
import sys
import time

from mochi_orleans.margo import Engine, client


def waves(echo, calls):
    """Sends ``calls`` calls in waves of 100 in flight; returns the seconds taken."""
    start = time.perf_counter()
    done = 0
    while done < calls:
        requests = [echo(i, blocking=False) for i in range(100)]
        for request in requests:
            request.wait()
        done += len(requests)
    return time.perf_counter() - start


def main():
    gateway = sys.argv[1]
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    warm_up_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
    with Engine(gateway, mode=client) as engine:
        address = engine.lookup(gateway)
        echo = engine.register("values_echo").on(address, provider_id=7)
        warm_up_end = time.monotonic() + warm_up_seconds
        warm_up_calls = 0
        while warm_up_calls < 200 or time.monotonic() < warm_up_end:  # connections, JIT, resolution caches
            for i in range(100):
                echo(i)
            waves(echo, 100)
            warm_up_calls += 200
        latencies = []
        for i in range(calls):
            start = time.perf_counter()
            echo(i)
            latencies.append(time.perf_counter() - start)
        elapsed = waves(echo, calls)
    print(f"p50 {statistics.median(latencies) * 1e6:.0f} us over {calls} sequential calls; "
          f"{calls / elapsed:.0f} calls/s with 100 in flight (after {warm_up_calls} warm-up calls)")


if __name__ == "__main__":
    main()
