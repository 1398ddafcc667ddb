"""Measures Python engines through a gateway: p50 latency of sequential calls and calls/s with 100 in flight.

    python3 examples/measure.py grpc://127.0.0.1:50051 [calls] [warm-up seconds]

First the Python client calling the .NET values provider (ClusterProviders.ValuesProvider, provider id 7, as the tests'
silo host serves it), then the same client calling an echo provider served by a Python server engine of this process
through the same gateway. Each is called for ``warm-up seconds`` (default 20) before anything is timed: the silo's .NET
code reaches its steady speed only once tiered JIT compilation has optimized the call path, which takes thousands of
calls (with 200, a fresh Release host measured ~5x slower). Then ``calls`` (default 2000) sequential calls give the p50
latency, and as many again, sent in waves of 100 non-blocking calls each waited for, the calls/s. Prints one line for
each provider; writes nothing.
"""

import statistics
import sys
import time

from mochi_orleans.margo import Engine, client, provider, remote


@provider(service_name="pymeasure")
class Echo:

    @remote
    def echo(self, handle, value):
        handle.respond(value)


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


def measure(echo, calls, warm_up_seconds):
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
    return (f"p50 {statistics.median(latencies) * 1e6:.0f} us over {calls} sequential calls; "
            f"{calls / elapsed:.0f} calls/s with 100 in flight (after {warm_up_calls} warm-up calls)")


def main():
    gateway = sys.argv[1]
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    warm_up_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 20.0
    with Engine(gateway, mode=client) as engine:
        silo = engine.lookup(gateway)
        print(".NET provider:   " + measure(engine.register("values_echo").on(silo, provider_id=7), calls, warm_up_seconds))
        with Engine(gateway) as server:
            server.register_provider(Echo(), provider_id=1)
            address = engine.lookup(str(server.address))
            echo = engine.register("pymeasure_echo").on(address, provider_id=1)
            print("Python provider: " + measure(echo, calls, warm_up_seconds))


if __name__ == "__main__":
    main()
