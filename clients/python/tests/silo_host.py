"""A MochiOrleans silo host (src/Silo/Host) as a child process serving the gateway, for the tests.

It serves the tutorial's provider (samples/HelloProvider/Server, provider id 42) and the values provider
(samples/Cluster/Providers, provider id 7), unless told to serve none, on free loopback ports. The repository must have been built
(`dotnet build MochiOrleans.sln`, as .ci/run's `dotnet test` does); MOCHI_BUILD_CONFIGURATION picks the
configuration (Debug by default).
"""

import os
import socket
import subprocess
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CONFIGURATION = os.environ.get("MOCHI_BUILD_CONFIGURATION", "Debug")
START_DEADLINE_SECONDS = 120.0
STOP_DEADLINE_SECONDS = 60.0


def built(project_directory, assembly):
    path = os.path.join(ROOT, project_directory, "bin", CONFIGURATION, "net10.0", assembly + ".dll")
    if not os.path.exists(path):
        raise RuntimeError(f"{path} is missing: build the repository first (dotnet build MochiOrleans.sln)")
    return path


def free_ports(count):
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


class SiloHost:
    """Starts the host; ``gateway`` is its gRPC gateway (host:port), ``engine_address`` its tcp:// engine address."""

    def __init__(self, providers=True, **settings):
        host = built("src/Silo/Host", "MochiOrleans.Silo.Host")
        hello = os.path.dirname(built("samples/HelloProvider/Server", "HelloProvider.Server"))
        values = os.path.dirname(built("samples/Cluster/Providers", "ClusterProviders"))
        silo, gateway, health, grpc_port = free_ports(4)
        self.gateway = f"127.0.0.1:{grpc_port}"
        self.engine_address = f"tcp://127.0.0.1:{gateway}"
        environment = dict(os.environ)
        environment.update({
            "Orleans__Endpoints__SiloPort": str(silo),
            "Orleans__Endpoints__GatewayPort": str(gateway),
            "Mochi__Host__HealthPort": str(health),
            "Mochi__Gateway__Port": str(grpc_port),
        })
        # Without providers, the tutorial's service and provider id are free for a Python engine to serve.
        if providers:
            environment.update({
                "Mochi__Host__ProviderPaths__0": hello,
                "Mochi__Host__ProviderPaths__1": values,
                "Mochi__Host__Providers__0__Type": "HelloProvider.Server.MyProvider,HelloProvider.Server",
                "Mochi__Host__Providers__0__Kind": "Instance",
                "Mochi__Host__Providers__0__ProviderId": "42",
                "Mochi__Host__Providers__1__Type": "ClusterProviders.ValuesProvider,ClusterProviders",
                "Mochi__Host__Providers__1__Kind": "Instance",
                "Mochi__Host__Providers__1__ProviderId": "7",
            })
        environment.update({key: str(value) for key, value in settings.items()})
        self.lines = []
        self._ready = threading.Event()
        self._process = subprocess.Popen(
            ["dotnet", host], env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._ready.wait(START_DEADLINE_SECONDS) or self._process.poll() is not None:
            self.stop()
            raise RuntimeError("the silo host did not start its gateway:\n" + self.log)

    def _read(self):
        for line in self._process.stdout:
            self.lines.append(line.rstrip("\n"))
            if "Mochi gateway (gRPC) listening on" in line:
                self._ready.set()
        self._ready.set()

    @property
    def log(self):
        return "\n".join(self.lines)

    def wait_for_exit(self, timeout=STOP_DEADLINE_SECONDS):
        """The exit code, or None if the host is still running after ``timeout`` seconds."""
        try:
            code = self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        self._reader.join(10)
        return code

    def stop(self):
        if self._process.poll() is None:
            self._process.terminate()
            if self.wait_for_exit() is None:
                self._process.kill()
                self._process.wait(10)
        self._reader.join(10)
        self._process.stdout.close()


def wait_until(condition, what, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.05)
