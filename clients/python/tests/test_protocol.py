"""The checked-in mochi_gateway_pb2.py is what protoc makes of protos/mochi_gateway.proto."""

import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CHECKED_IN = os.path.join(ROOT, "clients", "python", "src", "mochi_orleans", "mochi_gateway_pb2.py")


class GeneratedCodeTests(unittest.TestCase):

    @unittest.skipIf(shutil.which("protoc") is None and not os.environ.get("CI"), "protoc is not installed (apt-get install protobuf-compiler)")
    def test_the_checked_in_message_code_matches_the_proto(self):
        with tempfile.TemporaryDirectory() as out:
            subprocess.run(["protoc", "-I", os.path.join(ROOT, "protos"), "--python_out", out, "mochi_gateway.proto"], check=True)
            with open(os.path.join(out, "mochi_gateway_pb2.py"), encoding="utf-8") as generated, \
                    open(CHECKED_IN, encoding="utf-8") as checked_in:
                self.assertEqual(generated.read(), checked_in.read(),
                                 "regenerate: protoc -I protos --python_out=clients/python/src/mochi_orleans protos/mochi_gateway.proto")


if __name__ == "__main__":
    unittest.main()
