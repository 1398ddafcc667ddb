"""mochi_orleans.margo against a silo host's gateway: PyMargo's client API, MochiOrleans' errors and limits."""

import concurrent.futures
import os
import unittest
from unittest import mock

import grpc

from mochi_orleans import margo, mochi_gateway_pb2 as pb
from mochi_orleans.margo import Engine, ErrorCode, MargoException

from .silo_host import SiloHost, free_ports

host = None


def setUpModule():
    global host
    # A small payload bound, so that the size limit is reached with small messages.
    host = SiloHost(Mochi__MaxPayloadBytes=1024 * 1024)


def tearDownModule():
    host.stop()


class GatewayCallTests(unittest.TestCase):

    def setUp(self):
        self.engine = Engine("grpc://" + host.gateway, mode=margo.client)
        self.address = self.engine.lookup(host.engine_address)

    def tearDown(self):
        self.engine.finalize()

    def call(self, rpc, *args, provider_id=7, **kwargs):
        return self.engine.register(rpc).on(self.address, provider_id=provider_id)(*args, **kwargs)

    def assertFails(self, code, rpc, *args, **kwargs):
        with self.assertRaises(MargoException) as raised:
            self.call(rpc, *args, **kwargs)
        self.assertEqual(code, raised.exception.code, str(raised.exception))
        return raised.exception

    def raw_call(self, request):
        channel = grpc.insecure_channel(host.gateway)
        try:
            call = channel.unary_unary(
                "/mochi.gateway.v1.MochiGateway/Call",
                request_serializer=lambda m: m.SerializeToString(),
                response_deserializer=pb.CallResponse.FromString)
            return call(request, timeout=60)
        finally:
            channel.close()

    def assertRefused(self, request, fragment):
        response = self.raw_call(request)
        self.assertTrue(response.HasField("error"), response)
        self.assertEqual(pb.INVALID_ARGUMENT, response.error.code, response.error.message)
        self.assertIn(fragment, response.error.message)

    def test_the_tutorial_call_with_a_positional_and_a_keyword_argument_gets_the_handle_response(self):
        self.assertEqual("Good bye Matthieu", self.call("my_service_say_hello", "Matthieu", lastname="Dorier", provider_id=42))

    def test_keyword_arguments_bind_by_name_and_an_omitted_optional_parameter_keeps_its_default(self):
        self.assertEqual("Hi Ada", self.call("values_greet", greeting="Hi", name="Ada"))
        self.assertEqual("Hello Ada", self.call("values_greet", "Ada"))

    def test_every_kind_of_value_comes_back_unchanged_through_an_object_parameter(self):
        for value in [None, True, False, 0, -1, 2 ** 40, -(2 ** 63), 2 ** 63 - 1, 1.5, float("inf"), "", "héllo ✓",
                      b"", b"\x00\xff", [], [1, "two", None, [3.0]], {}, {"a": 1, "b": {"c": [b"x"]}}]:
            with self.subTest(value=value):
                self.assertEqual(value, self.call("values_echo", value))

    def test_a_tuple_travels_as_a_list_and_a_bytearray_as_bytes(self):
        self.assertEqual([1, 2], self.call("values_echo", (1, 2)))
        self.assertEqual(b"ab", self.call("values_echo", bytearray(b"ab")))

    def test_an_integer_arrives_as_int_when_it_fits_and_as_long_otherwise(self):
        self.assertEqual("Int32", self.call("values_type_of", 2 ** 31 - 1))
        self.assertEqual("Int64", self.call("values_type_of", 2 ** 31))
        self.assertEqual("Double", self.call("values_type_of", 1.0))
        self.assertEqual("Object[]", self.call("values_type_of", [1]))
        self.assertEqual("Byte[]", self.call("values_type_of", b"1"))
        self.assertEqual("null", self.call("values_type_of", None))

    def test_an_int_parameter_takes_an_integer_that_fits_and_refuses_a_larger_one_with_INVALID_ARGUMENT(self):
        self.assertEqual(3, self.call("values_add", 1, 2))
        error = self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_add", 2 ** 40, 1)
        self.assertIn("'x'", error.message)
        self.assertEqual(2 ** 40 + 1, self.call("values_add_long", 2 ** 40, 1))
        self.assertEqual(6.0, self.call("values_scale", 3))

    def test_bytes_arrive_as_a_byte_array_and_come_back_as_bytes(self):
        self.assertEqual(b"\x00\x01\xfe\xff", self.call("values_concat", b"\x00\x01", bytearray(b"\xfe\xff")))

    def test_a_list_binds_to_an_object_array_and_a_dict_to_a_string_keyed_dictionary(self):
        self.assertEqual("items=3 fields=2", self.call("values_count", [1, "a", None], {"x": 1, "y": [2]}))

    def test_an_unknown_rpc_raises_NO_ENTRY(self):
        self.assertFails(ErrorCode.NO_ENTRY, "values_no_such_rpc")
        self.assertFails(ErrorCode.NO_ENTRY, "values_echo", 1, provider_id=8)

    def test_missing_unknown_or_doubled_arguments_raise_INVALID_ARGUMENT(self):
        self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_add", 1)
        self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_add", 1, 2, z=3)
        self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_add", 1, 2, x=3)

    def test_a_raising_handler_raises_REMOTE_ERROR_with_its_message_and_exception_type(self):
        error = self.assertFails(ErrorCode.REMOTE_ERROR, "values_fail", "boom")
        self.assertIn("boom", error.message)
        self.assertEqual("System.InvalidOperationException", error.remote_exception_type)

    def test_a_response_that_has_no_gateway_form_raises_REMOTE_ERROR_naming_its_type(self):
        error = self.assertFails(ErrorCode.REMOTE_ERROR, "values_record")
        self.assertIn("ValuesPoint", error.message)

    def test_a_call_over_its_timeout_in_seconds_raises_TIMEOUT_which_is_also_a_TimeoutError(self):
        with self.assertRaises(TimeoutError) as raised:
            self.call("values_sleep", 30.0, timeout=0.5)
        self.assertIsInstance(raised.exception, MargoException)
        self.assertEqual(ErrorCode.TIMEOUT, raised.exception.code)

    def test_a_call_within_its_timeout_returns_its_response(self):
        self.assertEqual(0.1, self.call("values_sleep", 0.1, timeout=30))

    def test_a_hundred_calls_in_flight_each_get_their_own_response(self):
        function = self.engine.register("values_sleep").on(self.address, provider_id=7)
        requests = [function(0.5 + i / 1000, blocking=False) for i in range(100)]
        self.assertEqual([0.5 + i / 1000 for i in range(100)], [request.wait() for request in requests])

    def test_a_hundred_threads_calling_at_once_each_get_their_own_response(self):
        function = self.engine.register("values_echo").on(self.address, provider_id=7)
        with concurrent.futures.ThreadPoolExecutor(max_workers=100) as pool:
            results = list(pool.map(lambda i: function(["call", i]), range(100)))
        self.assertEqual([["call", i] for i in range(100)], results)

    def test_a_one_way_call_returns_None_at_once(self):
        function = self.engine.register("values_sleep")
        function.disable_response()
        self.assertIsNone(function.on(self.address, provider_id=7)(0.1))

    def test_nesting_up_to_the_servers_bound_crosses_and_one_level_more_raises_INVALID_ARGUMENT(self):
        def nested(levels):
            value = 1
            for _ in range(levels):
                value = [value]
            return value
        self.assertEqual(nested(64), self.call("values_echo", nested(64)))
        error = self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_echo", nested(65))
        self.assertIn("MaxNestingDepth", error.message)

    def test_arguments_over_the_servers_payload_bound_raise_INVALID_ARGUMENT(self):
        self.assertEqual(512 * 1024, len(self.call("values_echo", b"x" * (512 * 1024))))
        error = self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_echo", b"x" * (2 * 1024 * 1024))
        self.assertIn("MaxPayloadBytes", error.message)
        # Far over the bound, gRPC itself refuses the message before it is read.
        self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_echo", b"x" * (8 * 1024 * 1024))

    def test_a_value_without_gateway_form_is_refused_with_INVALID_ARGUMENT_before_it_is_sent(self):
        self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_echo", {1, 2})
        self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_echo", 2 ** 63)
        self.assertFails(ErrorCode.INVALID_ARGUMENT, "values_echo", {1: "a"})

    def test_a_provider_id_out_of_range_is_refused(self):
        with self.assertRaises(MargoException) as raised:
            self.engine.register("values_echo").on(self.address, provider_id=65535)
        self.assertEqual(ErrorCode.INVALID_ARGUMENT, raised.exception.code)
        self.assertRefused(pb.CallRequest(address=host.engine_address, rpc_name="values_echo", provider_id=70000), "Provider id")

    def test_the_gateway_refuses_malformed_requests_with_INVALID_ARGUMENT(self):
        def request(**fields):
            return pb.CallRequest(address=host.engine_address, rpc_name="values_echo", provider_id=7, **fields)
        self.assertRefused(request(args=[pb.Value(kind=pb.KIND_MAP, keys=["a", "b"], items=[pb.Value()])]), "keys")
        self.assertRefused(request(args=[pb.Value(kind=99)]), "unknown kind")
        self.assertRefused(request(kwargs=pb.Value(kind=pb.KIND_MAP, keys=["value", "value"], items=[pb.Value(), pb.Value()])), "twice")
        self.assertRefused(request(kwargs=pb.Value(kind=pb.KIND_LIST)), "map")
        self.assertRefused(request(timeout_seconds=-1), "timeout")
        self.assertRefused(pb.CallRequest(address=host.engine_address, rpc_name="", provider_id=7), "RPC name")
        self.assertRefused(pb.CallRequest(address="not an address", rpc_name="values_echo", provider_id=7), "not an engine address")

    def test_an_address_outside_the_gateways_cluster_is_UNREACHABLE_and_a_malformed_one_INVALID_ARGUMENT(self):
        with self.assertRaises(MargoException) as raised:
            self.engine.lookup(f"tcp://127.0.0.1:{free_ports(1)[0]}")
        self.assertEqual(ErrorCode.UNREACHABLE, raised.exception.code)
        with self.assertRaises(MargoException) as raised:
            self.engine.lookup("tcp://")
        self.assertEqual(ErrorCode.INVALID_ARGUMENT, raised.exception.code)

    def test_a_gateway_address_and_the_MOCHI_GATEWAY_variable_lead_to_the_same_engine(self):
        with Engine("tcp", mode=margo.client) as other:
            self.assertEqual(self.address, other.lookup("grpc://" + host.gateway))
        with mock.patch.dict(os.environ, {"MOCHI_GATEWAY": host.gateway}):
            with Engine("tcp", mode=margo.client) as other:
                self.assertEqual(host.engine_address, str(other.lookup(host.engine_address)))

    def test_a_tcp_address_without_any_gateway_is_INVALID_ARGUMENT(self):
        with mock.patch.dict(os.environ, {}, clear=False):
            os.environ.pop("MOCHI_GATEWAY", None)
            with Engine("tcp", mode=margo.client) as other:
                with self.assertRaises(MargoException) as raised:
                    other.lookup(host.engine_address)
        self.assertEqual(ErrorCode.INVALID_ARGUMENT, raised.exception.code)
        self.assertIn("MOCHI_GATEWAY", raised.exception.message)

    def test_a_gateway_that_is_not_there_is_UNREACHABLE(self):
        with Engine("tcp", mode=margo.client) as other:
            with self.assertRaises(MargoException) as raised:
                other.lookup(f"grpc://127.0.0.1:{free_ports(1)[0]}")
        self.assertEqual(ErrorCode.UNREACHABLE, raised.exception.code)

    def test_remote_shutdown_of_an_engine_that_did_not_enable_it_raises_PERMISSION(self):
        with self.assertRaises(MargoException) as raised:
            self.address.shutdown()
        self.assertEqual(ErrorCode.PERMISSION, raised.exception.code)
        self.assertEqual("Good bye Ada", self.call("my_service_say_hello", "Ada", "L", provider_id=42))

    def test_a_finalized_engine_runs_its_callbacks_in_order_and_refuses_calls_with_PERMISSION(self):
        engine = Engine("grpc://" + host.gateway, mode=margo.client)
        address = engine.lookup("grpc://" + host.gateway)
        seen = []
        engine.on_finalize(lambda: seen.append("finalize"))
        engine.on_prefinalize(lambda: seen.append("prefinalize"))
        engine.finalize()
        self.assertEqual(["prefinalize", "finalize"], seen)
        with self.assertRaises(MargoException) as raised:
            engine.register("values_echo")
        self.assertEqual(ErrorCode.PERMISSION, raised.exception.code)
        with self.assertRaises(MargoException) as raised:
            address.shutdown()
        self.assertEqual(ErrorCode.PERMISSION, raised.exception.code)

    def test_server_operations_on_a_client_engine_are_refused_with_MODE_MISMATCH(self):
        with self.assertRaises(MargoException) as raised:
            self.engine.enable_remote_shutdown()
        self.assertEqual(ErrorCode.MODE_MISMATCH, raised.exception.code)
        with self.assertRaises(MargoException) as raised:
            self.engine.register("values_echo", lambda handle: None)
        self.assertEqual(ErrorCode.MODE_MISMATCH, raised.exception.code)
        with self.assertRaises(MargoException) as raised:
            self.engine.register_provider(object())
        self.assertEqual(ErrorCode.MODE_MISMATCH, raised.exception.code)


if __name__ == "__main__":
    unittest.main()
