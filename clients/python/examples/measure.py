"""Measures Python engines through a gateway: p50 latency of sequential calls and calls/s with 100 in flight.

    python3 examples/measure.py grpc://127.0.0.1:50051 [calls]

First the Python client calling the .NET values provider (ClusterProviders.ValuesProvider, provider id 7, as the tests'
silo host serves it), then the same client calling an echo provider served by a Python server engine of this process
through the same gateway. Prints one line for each; writes nothing.
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


def measure(echo, calls):
    for i in range(200):  # warm-up: connections, JIT, resolution caches
        echo(i)
    latencies = []
    for i in range(calls):
        start = time.perf_counter()
        echo(i)
        latencies.append(time.perf_counter() - start)
    start = time.perf_counter()
    done = 0
    while done < calls:
        requests = [echo(i, blocking=False) for i in range(100)]
        for request in requests:
            request.wait()
        done += len(requests)
    elapsed = time.perf_counter() - start
    return (f"p50 {statistics.median(latencies) * 1e6:.0f} us over {calls} sequential calls; "
            f"{done / elapsed:.0f} calls/s with 100 in flight")


def main():
    gateway = sys.argv[1]
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    with Engine(gateway, mode=client) as engine:
        silo = engine.lookup(gateway)
        print(".NET provider:   " + measure(engine.register("values_echo").on(silo, provider_id=7), calls))
        with Engine(gateway) as server:
            server.register_provider(Echo(), provider_id=1)
            address = engine.lookup(str(server.address))
            print("Python provider: " + measure(engine.register("pymeasure_echo").on(address, provider_id=1), calls))


if __name__ == "__main__":
    main()
