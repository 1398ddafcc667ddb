"""Python server engines: providers living in the Python process, served through a silo host's gateway to Python
and .NET callers alike, with MochiOrleans' errors, and gone when their engine is."""

import os
import subprocess
import sys
import textwrap
import threading
import time
import types
import unittest
from unittest import mock

import grpc

from mochi_orleans import margo, mochi_gateway_pb2 as pb
from mochi_orleans.margo import Engine, ErrorCode, MargoException, on_finalize, on_prefinalize, provider, remote

from .silo_host import SiloHost, built, wait_until

SOURCE = os.path.join(os.path.dirname(__file__), "..", "src")
host = None


def setUpModule():
    global host
    # A small payload bound, so that the size limits are reached with small responses.
    host = SiloHost(Mochi__EnableRemoteProviderControl="true", Mochi__MaxPayloadBytes=1024 * 1024)


def tearDownModule():
    host.stop()


def mochi(*arguments):
    """The .NET command-line client (src/Client/Cli): a .NET engine calling whatever the arguments say."""
    return subprocess.run(
        ["dotnet", built("src/Client/Cli", "mochi"), *arguments], capture_output=True, text=True, timeout=180)


@provider(service_name="calc")
class Calculator:

    def __init__(self):
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0
        self.notes = []
        self.events = []

    @remote
    def add(self, handle, x, y):
        handle.respond(x + y)

    @remote
    def describe(self, handle, *args, **kwargs):
        handle.respond({"args": list(args), "kwargs": kwargs, "caller": str(handle.address), "provider_id": handle.provider_id})

    @remote
    def reverse(self, handle, data):
        handle.respond(bytes(reversed(data)))

    @remote
    def blob(self, handle, size):
        handle.respond(b"x" * size)

    @remote
    def nest(self, handle, depth):
        value = []
        for _ in range(depth - 1):
            value = [value]
        handle.respond(value)

    @remote
    def fail(self, handle):
        raise ValueError("no luck today")

    @remote
    def forget(self, handle):
        pass

    @remote
    def slow(self, handle, i):
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(0.2)
        with self.lock:
            self.in_flight -= 1
        handle.respond(i)

    @remote(rpc_name="note", disable_response=True)
    def take_note(self, handle, text):
        self.notes.append(text)

    @on_prefinalize
    def before(self):
        self.events.append("prefinalize")

    @on_finalize
    def after(self):
        self.events.append("finalize")


class PythonProviderTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = Engine("grpc://" + host.gateway)
        cls.calculator = Calculator()
        cls.server.register_provider(cls.calculator, provider_id=3)
        cls.client = Engine("grpc://" + host.gateway, mode=margo.client)
        cls.address = cls.client.lookup(str(cls.server.address))

    @classmethod
    def tearDownClass(cls):
        cls.client.finalize()
        cls.server.finalize()

    def call(self, rpc, *args, **kwargs):
        return self.client.register(rpc).on(self.address, provider_id=3)(*args, **kwargs)

    def assertFails(self, code, rpc, *args, **kwargs):
        with self.assertRaises(MargoException) as raised:
            self.call(rpc, *args, **kwargs)
        self.assertEqual(code, raised.exception.code, str(raised.exception))
        return raised.exception

    def test_the_engine_address_names_the_silo_and_the_session(self):
        address = str(self.server.address)
        self.assertTrue(address.startswith(host.engine_address + "/"), address)
        self.assertEqual(address, str(self.address))

    def test_a_python_caller_calls_a_python_provider_with_positional_and_keyword_arguments(self):
        self.assertEqual(5, self.call("calc_add", 2, 3))
        self.assertEqual(7.5, self.call("calc_add", x=2.5, y=5))
        described = self.call("calc_describe", 1, "two", [3, None], flag=True, nested={"a": [1.5]})
        self.assertEqual([1, "two", [3, None]], described["args"])
        self.assertEqual({"flag": True, "nested": {"a": [1.5]}}, described["kwargs"])
        self.assertEqual(3, described["provider_id"])
        self.assertTrue(described["caller"].startswith("tcp://"), described["caller"])

    def test_bytes_cross_both_ways_unchanged(self):
        data = bytes(range(256)) * 16
        self.assertEqual(bytes(reversed(data)), self.call("calc_reverse", data))

    def test_responses_over_the_servers_limits_answer_REMOTE_ERROR_and_the_engine_serves_on(self):
        self.assertEqual(1000, len(self.call("calc_blob", 1000)))
        # Over Mochi:MaxPayloadBytes: refused by the silo, as a .NET handler's response.
        self.assertIn("cannot be delivered", self.assertFails(ErrorCode.REMOTE_ERROR, "calc_blob", 2 * 1024 * 1024).message)
        # Over what the gateway reads at all: refused by the Python engine rather than ending its session.
        self.assertIn("cannot be delivered", self.assertFails(ErrorCode.REMOTE_ERROR, "calc_blob", 4 * 1024 * 1024).message)
        # Nested beyond Mochi:MaxNestingDepth, and beyond what protobuf parses at all.
        for depth in (65, 150):
            failure = self.assertFails(ErrorCode.REMOTE_ERROR, "calc_nest", depth)
            self.assertIn("cannot be delivered", failure.message)
        self.assertEqual([[]], self.call("calc_nest", 2))
        self.assertEqual(5, self.call("calc_add", 2, 3))

    def test_a_raising_handler_answers_REMOTE_ERROR_with_its_exception_type(self):
        failure = self.assertFails(ErrorCode.REMOTE_ERROR, "calc_fail")
        self.assertIn("no luck today", failure.message)
        self.assertEqual("builtins.ValueError", failure.remote_exception_type)

    def test_a_handler_returning_without_responding_answers_NO_RESPONSE(self):
        self.assertFails(ErrorCode.NO_RESPONSE, "calc_forget")

    def test_wrong_arguments_reach_the_handler_and_answer_REMOTE_ERROR(self):
        failure = self.assertFails(ErrorCode.REMOTE_ERROR, "calc_add", 1)
        self.assertEqual("builtins.TypeError", failure.remote_exception_type)

    def test_an_unknown_rpc_or_provider_id_raises_NO_ENTRY(self):
        self.assertFails(ErrorCode.NO_ENTRY, "calc_nothing")
        with self.assertRaises(MargoException) as raised:
            self.client.register("calc_add").on(self.address, provider_id=4)(1, 2)
        self.assertEqual(ErrorCode.NO_ENTRY, raised.exception.code)

    def test_one_way_rpcs_reach_the_handler_without_an_answer(self):
        self.assertIsNone(self.call("calc_note", "first"))
        wait_until(lambda: "first" in self.calculator.notes, "the one-way call reached the handler")

    def test_100_calls_in_flight_are_all_answered_and_served_concurrently(self):
        add = self.client.register("calc_slow").on(self.address, provider_id=3)
        requests = [add(i, blocking=False) for i in range(100)]
        self.assertEqual(list(range(100)), [request.wait() for request in requests])
        self.assertGreater(self.calculator.most_in_flight, 1)

    def test_the_timeout_of_a_call_bounds_a_slow_python_handler(self):
        with self.assertRaises(MargoException) as raised:
            self.call("calc_slow", 1, timeout=0.05)
        self.assertEqual(ErrorCode.TIMEOUT, raised.exception.code)

    def test_registering_a_provider_the_cluster_has_raises_ALREADY_EXISTS(self):
        with Engine("grpc://" + host.gateway) as other:
            with self.assertRaises(MargoException) as raised:
                other.register_provider(Calculator(), provider_id=3)
            self.assertEqual(ErrorCode.ALREADY_EXISTS, raised.exception.code)
            # The C# tutorial provider of the silo host.
            with self.assertRaises(MargoException) as raised:
                other.register("my_service_say_hello", lambda handle: handle.respond(None), provider_id=42)
            self.assertEqual(ErrorCode.ALREADY_EXISTS, raised.exception.code)
        self.assertEqual(5, self.call("calc_add", 2, 3))

    def test_dotnet_callers_call_python_providers_by_name(self):
        address = str(self.server.address)
        result = mochi("call", address, "calc_add", "2", "3", "--provider-id", "3")
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertEqual("5", result.stdout.strip())
        result = mochi("call", address, "calc_add", "x=40", "y=2", "--provider-id", "3")
        self.assertEqual("42", result.stdout.strip(), result.stderr)
        result = mochi("call", address, "calc_fail", "--provider-id", "3")
        self.assertEqual(1, result.returncode)
        self.assertIn("RemoteError", result.stderr)
        self.assertIn("no luck today", result.stderr)
        result = mochi("call", host.engine_address + "/nosuchengine", "calc_add", "1", "2", "--provider-id", "3")
        self.assertEqual(1, result.returncode)
        self.assertIn("Unreachable", result.stderr)

    def test_provider_listings_show_python_providers_at_the_python_engines_address(self):
        result = mochi("list", host.engine_address)
        self.assertEqual(0, result.returncode, result.stderr)
        line = next((line for line in result.stdout.splitlines() if "calc_add" in line), None)
        self.assertIsNotNone(line, result.stdout)
        self.assertIn(str(self.server.address), result.stdout)

    def test_remote_shutdown_without_consent_raises_PERMISSION_and_the_engine_serves_on(self):
        with self.assertRaises(MargoException) as raised:
            self.address.shutdown()
        self.assertEqual(ErrorCode.PERMISSION, raised.exception.code)
        result = mochi("shutdown", str(self.server.address))
        self.assertEqual(1, result.returncode)
        self.assertIn("Permission", result.stderr)
        self.assertEqual(5, self.call("calc_add", 2, 3))


class LifecycleTests(unittest.TestCase):

    def test_a_remote_shutdown_finalizes_the_python_engine_hooks_in_order_and_its_providers_leave(self):
        engine = Engine("grpc://" + host.gateway)
        calculator = Calculator()
        engine.register_provider(calculator, provider_id=11)
        engine.on_prefinalize(lambda: calculator.events.append("engine prefinalize"))
        engine.on_finalize(lambda: calculator.events.append("engine finalize"))
        engine.enable_remote_shutdown()
        finished = threading.Event()
        threading.Thread(target=lambda: (engine.wait_for_finalize(), finished.set()), daemon=True).start()
        with Engine("grpc://" + host.gateway, mode=margo.client) as client:
            address = client.lookup(str(engine.address))
            self.assertEqual(3, client.register("calc_add").on(address, provider_id=11)(1, 2))
            address.shutdown()
            self.assertTrue(finished.wait(60), "wait_for_finalize did not return")
            self.assertEqual(["engine prefinalize", "prefinalize", "finalize", "engine finalize"], calculator.events)
            # The engine is gone, and so are its providers from the cluster.
            with self.assertRaises(MargoException) as raised:
                client.register("calc_add").on(address, provider_id=11)(1, 2)
            self.assertEqual(ErrorCode.UNREACHABLE, raised.exception.code)
            with self.assertRaises(MargoException) as raised:
                client.lookup(str(address))
            self.assertEqual(ErrorCode.UNREACHABLE, raised.exception.code)
            silo = client.lookup(host.engine_address)
            with self.assertRaises(MargoException) as raised:
                client.register("calc_add").on(silo, provider_id=11)(1, 2)
            self.assertEqual(ErrorCode.NO_ENTRY, raised.exception.code)

    def test_an_engine_killed_mid_call_leaves_its_callers_UNREACHABLE_and_its_providers_gone(self):
        program = textwrap.dedent("""
            import sys, threading
            from mochi_orleans.margo import Engine
            with Engine("tcp") as engine:
                def stuck(handle):
                    print("stuck", flush=True)
                    threading.Event().wait()
                engine.register("stuck_forever", stuck, provider_id=5)
                print(engine.address, flush=True)
                engine.wait_for_finalize()
            """)
        child = subprocess.Popen(
            [sys.executable, "-c", program], env=dict(os.environ, MOCHI_GATEWAY=host.gateway, PYTHONPATH=SOURCE),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            address_text = child.stdout.readline().strip()
            self.assertTrue(address_text.startswith("tcp://"), child.stderr.read() if child.poll() is not None else address_text)
            with Engine("grpc://" + host.gateway, mode=margo.client) as client:
                address = client.lookup(address_text)
                request = client.register("stuck_forever").on(address, provider_id=5)(blocking=False, timeout=300)
                self.assertEqual("stuck", child.stdout.readline().strip())
                child.kill()
                child.wait(30)
                started = time.monotonic()
                with self.assertRaises(MargoException) as raised:
                    request.wait()
                self.assertEqual(ErrorCode.UNREACHABLE, raised.exception.code, str(raised.exception))
                self.assertLess(time.monotonic() - started, 120)
                # Calls racing the deregistration find the engine gone (UNREACHABLE); then the provider is gone.
                silo = client.lookup(host.engine_address)
                wait_until(lambda: self.code_of(lambda: client.register("stuck_forever").on(silo, provider_id=5)()) == ErrorCode.NO_ENTRY,
                           "the killed engine's provider was deregistered")
                # The name and provider id are free again.
                with Engine("grpc://" + host.gateway) as successor:
                    successor.register("stuck_forever", lambda handle: handle.respond("back"), provider_id=5)
                    self.assertEqual("back", client.register("stuck_forever").on(silo, provider_id=5)())
        finally:
            if child.poll() is None:
                child.kill()
            child.wait(30)
            child.stdout.close()
            child.stderr.close()

    def test_a_module_of_decorated_functions_registers_as_a_provider(self):
        module = types.ModuleType("greetings")
        exec(textwrap.dedent("""
            from mochi_orleans.margo import remote

            @remote(service_name="greetings")
            def greet(handle, name):
                handle.respond(f"hi {name}")

            @remote(rpc_name="shout", service_name="greetings")
            def make_it_loud(handle, text):
                handle.respond(text.upper())
            """), module.__dict__)
        with Engine("grpc://" + host.gateway) as engine, Engine("grpc://" + host.gateway, mode=margo.client) as client:
            functions = engine.register_provider(module, provider_id=13)
            self.assertEqual({"greetings_greet", "greetings_shout"}, set(functions))
            address = client.lookup(str(engine.address))
            self.assertEqual("hi Ada", client.register("greetings_greet").on(address, provider_id=13)("Ada"))
            self.assertEqual("LOUD", client.register("greetings_shout").on(address, provider_id=13)(text="loud"))

    def test_a_provider_stopped_from_outside_runs_its_hooks_once_and_leaves(self):
        with Engine("grpc://" + host.gateway) as engine, Engine("grpc://" + host.gateway, mode=margo.client) as client:
            calculator = Calculator()
            engine.register_provider(calculator, provider_id=14)
            address = client.lookup(str(engine.address))
            result = mochi("stop-provider", str(engine.address), "calc", "14")
            self.assertEqual(0, result.returncode, result.stderr)
            wait_until(lambda: calculator.events == ["prefinalize", "finalize"], "the provider's hooks ran")
            with self.assertRaises(MargoException) as raised:
                client.register("calc_add").on(address, provider_id=14)(1, 2)
            self.assertEqual(ErrorCode.NO_ENTRY, raised.exception.code)
        self.assertEqual(["prefinalize", "finalize"], calculator.events)

    def test_a_python_engine_whose_gateway_goes_away_finalizes_and_runs_its_hooks(self):
        other = SiloHost(providers=False)
        try:
            engine = Engine("grpc://" + other.gateway)
            calculator = Calculator()
            engine.register_provider(calculator, provider_id=15)
            other.stop()
            finished = threading.Event()
            threading.Thread(target=lambda: (engine.wait_for_finalize(), finished.set()), daemon=True).start()
            self.assertTrue(finished.wait(120), "wait_for_finalize did not return after the gateway went away")
            self.assertEqual(["prefinalize", "finalize"], calculator.events)
            self.assertFalse(engine.listening)
        finally:
            other.stop()

    def test_a_deregistered_function_answers_NO_ENTRY_and_its_name_is_free_again(self):
        with Engine("grpc://" + host.gateway) as engine, Engine("grpc://" + host.gateway, mode=margo.client) as client:
            served = engine.register("once_ping", lambda handle: handle.respond("pong"), provider_id=16)
            address = client.lookup(str(engine.address))
            self.assertEqual("pong", client.register("once_ping").on(address, provider_id=16)())
            served.deregister()
            with self.assertRaises(MargoException) as raised:
                client.register("once_ping").on(address, provider_id=16)()
            self.assertEqual(ErrorCode.NO_ENTRY, raised.exception.code)
            with Engine("grpc://" + host.gateway) as successor:
                successor.register("once_ping", lambda handle: handle.respond("again"), provider_id=16)
                self.assertEqual("again", client.register("once_ping").on(client.lookup(str(successor.address)), provider_id=16)())

    @staticmethod
    def code_of(action):
        try:
            action()
        except MargoException as failure:
            return failure.code
        return None

    def test_a_handler_that_finalizes_its_engine_still_responds(self):
        engine = Engine("grpc://" + host.gateway)

        def stop(handle):
            engine.finalize()
            handle.respond("bye")

        engine.register("self_stop", stop, provider_id=17)
        with Engine("grpc://" + host.gateway, mode=margo.client) as client:
            self.assertEqual("bye", client.register("self_stop").on(client.lookup(str(engine.address)), provider_id=17)())
        finished = threading.Event()
        threading.Thread(target=lambda: (engine.wait_for_finalize(), finished.set()), daemon=True).start()
        self.assertTrue(finished.wait(60), "the engine did not finalize after its handler returned")

    def test_a_server_engine_needs_a_gateway(self):
        environment = {key: value for key, value in os.environ.items() if key != "MOCHI_GATEWAY"}
        with mock.patch.dict(os.environ, environment, clear=True):
            with self.assertRaises(MargoException) as raised:
                Engine("tcp")
        self.assertEqual(ErrorCode.INVALID_ARGUMENT, raised.exception.code)
        self.assertIn("MOCHI_GATEWAY", str(raised.exception))


class StreamProtocolTests(unittest.TestCase):
    """The Serve stream as any language's client could misuse it: refused with a clear error, other sessions unharmed."""

    def serve(self, *messages):
        channel = grpc.insecure_channel(host.gateway)
        try:
            serve = channel.stream_stream(
                "/mochi.gateway.v1.MochiGateway/Serve",
                request_serializer=lambda m: m.SerializeToString(),
                response_deserializer=pb.GatewayMessage.FromString)
            return list(serve(iter(messages), timeout=60))
        finally:
            channel.close()

    def assertSessionError(self, answers, fragment):
        self.assertEqual("done", answers[-1].WhichOneof("message"), answers)
        self.assertEqual(0, answers[-1].done.request_id)
        self.assertEqual(pb.INVALID_ARGUMENT, answers[-1].done.error.code)
        self.assertIn(fragment, answers[-1].done.error.message)

    def test_bad_messages_end_only_their_own_session_with_INVALID_ARGUMENT(self):
        with Engine("grpc://" + host.gateway) as bystander, Engine("grpc://" + host.gateway, mode=margo.client) as client:
            bystander.register("bystander_ping", lambda handle: handle.respond("pong"), provider_id=9)
            address = client.lookup(str(bystander.address))

            register = pb.RegisterProvider(request_id=1, service_name="bad", provider_id=1)
            self.assertSessionError(self.serve(pb.EngineMessage(register_provider=register)), "first message")
            self.assertSessionError(self.serve(pb.EngineMessage(open=pb.OpenSession()), pb.EngineMessage()), "none of the messages")
            self.assertSessionError(
                self.serve(pb.EngineMessage(open=pb.OpenSession()), pb.EngineMessage(open=pb.OpenSession())), "twice")

            self.assertEqual("pong", client.register("bystander_ping").on(address, provider_id=9)())

    def test_bad_requests_are_answered_in_band_and_the_session_goes_on(self):
        out_of_range = pb.RegisterProvider(request_id=1, service_name="bad", provider_id=65535)
        out_of_range.rpcs.add(name="bad_rpc")
        no_rpcs = pb.RegisterProvider(request_id=2, service_name="bad", provider_id=1)
        bad_name = pb.RegisterProvider(request_id=3, service_name="bad service", provider_id=1)
        bad_name.rpcs.add(name="bad_rpc")
        good = pb.RegisterProvider(request_id=4, service_name="fine", provider_id=1)
        good.rpcs.add(name="fine_rpc")
        answers = self.serve(
            pb.EngineMessage(open=pb.OpenSession()),
            pb.EngineMessage(register_provider=out_of_range),
            pb.EngineMessage(register_provider=no_rpcs),
            pb.EngineMessage(register_provider=bad_name),
            # A result nobody waits for is dropped.
            pb.EngineMessage(result=pb.CallResult(call_id=12345, value=pb.Value(kind=pb.KIND_NULL))),
            pb.EngineMessage(register_provider=good),
            pb.EngineMessage(deregister_provider=pb.DeregisterProvider(request_id=5, service_name="other", provider_id=1)))
        self.assertEqual("opened", answers[0].WhichOneof("message"))
        done = {answer.done.request_id: answer.done for answer in answers[1:]}
        self.assertEqual(pb.INVALID_ARGUMENT, done[1].error.code)
        self.assertEqual(pb.INVALID_ARGUMENT, done[2].error.code)
        self.assertEqual(pb.INVALID_ARGUMENT, done[3].error.code)
        self.assertFalse(done[4].HasField("error"), done[4])
        self.assertEqual(pb.NO_ENTRY, done[5].error.code)


if __name__ == "__main__":
    unittest.main()
