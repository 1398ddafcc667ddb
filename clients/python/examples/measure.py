"""Measures the Python client through a gateway: p50 latency of sequential calls and calls/s with 100 in flight.

    python3 examples/measure.py grpc://127.0.0.1:50051 [calls]

The gateway's silo must serve the values provider (ClusterProviders.ValuesProvider) under provider id 7, as the
tests' silo host does. Prints one line; writes nothing.
"""

import statistics
import sys
import time

from mochi_orleans.margo import Engine, client


def main():
    gateway = sys.argv[1]
    calls = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    with Engine(gateway, mode=client) as engine:
        address = engine.lookup(gateway)
        echo = engine.register("values_echo").on(address, provider_id=7)
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
    print(f"p50 {statistics.median(latencies) * 1e6:.0f} us over {calls} sequential calls; "
          f"{done / elapsed:.0f} calls/s with 100 in flight")


if __name__ == "__main__":
    main()
