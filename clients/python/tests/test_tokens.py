"""The gateway asks Python callers for the tokens .NET clients present (Mochi:AccessToken, Mochi:AdminToken)."""

import threading
import unittest

from mochi_orleans import margo
from mochi_orleans.margo import Engine, ErrorCode, MargoException

from .silo_host import SiloHost


class GatewayTokenTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.host = SiloHost(Mochi__AccessToken="access-secret", Mochi__AdminToken="admin-secret", Mochi__EnableRemoteShutdown="true")

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()

    def engine(self, **tokens):
        return Engine("grpc://" + self.host.gateway, mode=margo.client, **tokens)

    def assertPermission(self, action):
        with self.assertRaises(MargoException) as raised:
            action()
        self.assertEqual(ErrorCode.PERMISSION, raised.exception.code, str(raised.exception))
        self.assertNotIn("secret", str(raised.exception))

    def test_1_without_the_access_token_or_with_a_wrong_one_lookups_are_refused_with_PERMISSION(self):
        with self.engine() as engine:
            self.assertPermission(lambda: engine.lookup(self.host.engine_address))
        with self.engine(access_token="wrong") as engine:
            self.assertPermission(lambda: engine.lookup(self.host.engine_address))

    def test_2_with_the_access_token_calls_go_through_but_shutdown_needs_the_admin_token(self):
        with self.engine(access_token="access-secret") as engine:
            address = engine.lookup(self.host.engine_address)
            self.assertEqual([1], engine.register("values_echo").on(address, provider_id=7)([1]))
            self.assertPermission(address.shutdown)
        with self.engine(access_token="access-secret", admin_token="wrong") as engine:
            self.assertPermission(engine.lookup(self.host.engine_address).shutdown)
        self.assertIsNone(self.host.wait_for_exit(timeout=1))

    def test_2b_a_python_server_engine_needs_the_access_token_and_its_remote_shutdown_the_admin_token(self):
        with self.assertRaises(MargoException) as raised:
            Engine("grpc://" + self.host.gateway)
        self.assertEqual(ErrorCode.PERMISSION, raised.exception.code, str(raised.exception))
        with Engine("grpc://" + self.host.gateway, access_token="access-secret") as server:
            server.register("tokens_ping", lambda handle: handle.respond("pong"), provider_id=1)
            server.enable_remote_shutdown()
            with self.engine(access_token="access-secret") as engine:
                address = engine.lookup(str(server.address))
                self.assertEqual("pong", engine.register("tokens_ping").on(address, provider_id=1)())
                self.assertPermission(address.shutdown)
            with self.engine(access_token="access-secret", admin_token="admin-secret") as engine:
                engine.lookup(str(server.address)).shutdown()
            finished = threading.Event()
            threading.Thread(target=lambda: (server.wait_for_finalize(), finished.set()), daemon=True).start()
            self.assertTrue(finished.wait(60), "the remote shutdown did not finalize the Python engine")
        # The silo goes on: the shutdown was the Python engine's.
        self.assertIsNone(self.host.wait_for_exit(timeout=1))

    def test_3_with_both_tokens_remote_shutdown_stops_the_silo(self):
        with self.engine(access_token="access-secret", admin_token="admin-secret") as engine:
            engine.lookup(self.host.engine_address).shutdown()
        self.assertEqual(0, self.host.wait_for_exit(), self.host.log)


if __name__ == "__main__":
    unittest.main()
