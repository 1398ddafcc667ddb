"""The seed tutorial's client program, its imports changed to mochi_orleans.margo, against the silo host serving the
tutorial's C# provider: it gets "Good bye Matthieu" (its assert) and shuts the server down remotely."""

import os
import subprocess
import sys
import unittest

from .silo_host import SiloHost

CLIENT = os.path.join(os.path.dirname(__file__), "..", "examples", "tutorial_client.py")
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


if __name__ == "__main__":
    unittest.main()
