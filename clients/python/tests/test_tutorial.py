"""The seed tutorial's programs, their imports changed to mochi_orleans.margo: the client against the silo host serving
the tutorial's C# provider (it gets "Good bye Matthieu", its assert, and shuts the server down remotely), and the server
serving the C# sample client (samples/HelloProvider/Client) through a silo host's gateway, shut down by that client."""

import os
import subprocess
import sys
import unittest

from .silo_host import SiloHost, built

CLIENT = os.path.join(os.path.dirname(__file__), "..", "examples", "tutorial_client.py")
SERVER = os.path.join(os.path.dirname(__file__), "..", "examples", "tutorial_server.py")
SOURCE = os.path.join(os.path.dirname(__file__), "..", "src")


class TutorialRoundTripTests(unittest.TestCase):

    def test_the_tutorial_client_calls_the_CSharp_provider_and_shuts_its_silo_down(self):
        host = SiloHost(Mochi__EnableRemoteShutdown="true")
        try:
            environment = dict(os.environ, MOCHI_GATEWAY=host.gateway, PYTHONPATH=SOURCE)
            client = subprocess.run(
                [sys.executable, CLIENT, host.engine_address], env=environment, capture_output=True, text=True, timeout=120)
            # The program prints only a MargoException, and an assert failure exits non-zero.
            self.assertEqual(0, client.returncode, client.stderr)
            self.assertEqual("", client.stdout)
            self.assertEqual(0, host.wait_for_exit(), host.log)
            lines = host.lines
            self.assertIn("Hello Matthieu Dorier!", lines)
            self.assertLess(lines.index("Called right before the engine finalizes"), lines.index("Called when the engine finalizes"))
        finally:
            host.stop()

    def test_the_tutorial_server_serves_the_CSharp_client_which_shuts_it_down(self):
        # No provider of the host's own: the Python engine registers the tutorial's service and provider id.
        host = SiloHost(providers=False)
        server = None
        try:
            environment = dict(os.environ, MOCHI_GATEWAY=host.gateway, PYTHONPATH=SOURCE, PYTHONUNBUFFERED="1")
            server = subprocess.Popen(
                [sys.executable, SERVER], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            first = server.stdout.readline().strip()
            self.assertTrue(first.startswith("Service running at tcp://"), first + (server.stderr.read() if server.poll() is not None else ""))
            address = first[len("Service running at "):]
            client = subprocess.run(
                ["dotnet", built("samples/HelloProvider/Client", "HelloProvider.Client"), address],
                capture_output=True, text=True, timeout=180)
            self.assertEqual(0, client.returncode, client.stdout + client.stderr)
            self.assertEqual("Good bye Matthieu", client.stdout.strip())
            output, errors = server.communicate(timeout=120)
            self.assertEqual(0, server.returncode, errors)
            lines = output.splitlines()
            self.assertIn("Hello Matthieu Dorier!", lines)
            self.assertLess(lines.index("Called right before the engine finalizes"), lines.index("Called when the engine finalizes"))
            # The silo serving the gateway goes on: the remote shutdown was the Python engine's.
            self.assertIsNone(host.wait_for_exit(timeout=1))
        finally:
            if server is not None and server.poll() is None:
                server.kill()
                server.communicate(timeout=30)
            host.stop()


if __name__ == "__main__":
    unittest.main()
