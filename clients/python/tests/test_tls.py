"""A gateway serving TLS (Mochi:TlsCaPath): Python callers trust it through tls_ca / MOCHI_TLS_CA, and present a client
certificate (tls_cert, tls_key) where the silo requires one (Mochi:TlsRequireClientCertificate).

The certificates are made for each run with the openssl command-line tool, as an operator would: a CA, the silo's
certificate (server and client authentication, for 127.0.0.1 and localhost), a client certificate, and a second CA
that the silo does not trust.
"""

import os
import shutil
import subprocess
import tempfile
import unittest

from mochi_orleans import margo
from mochi_orleans.margo import Engine, ErrorCode, MargoException

from .silo_host import SiloHost

OPENSSL_DEADLINE_SECONDS = 60.0


class Certificates:
    """PEM files in a temporary directory: ``ca(name)`` makes a CA, ``issue(ca, name, usage)`` a certificate it signs."""

    def __init__(self):
        if shutil.which("openssl") is None:
            raise RuntimeError("the TLS tests make their certificates with the openssl command-line tool: install openssl")
        self.directory = tempfile.mkdtemp(prefix="mochi-tls-")

    def path(self, name):
        return os.path.join(self.directory, name)

    def _openssl(self, *args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=OPENSSL_DEADLINE_SECONDS)

    def _key(self, name):
        self._openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", self.path(name + ".key"))
        return self.path(name + ".key")

    def ca(self, name):
        key = self._key(name)
        self._openssl(
            "req", "-x509", "-new", "-key", key, "-sha256", "-days", "2", "-subj", f"/CN={name}",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-out", self.path(name + ".crt"))
        return name

    def issue(self, ca, name, usage):
        key = self._key(name)
        extensions = self.path(name + ".ext")
        with open(extensions, "w", encoding="ascii") as file:
            file.write(
                "basicConstraints=critical,CA:FALSE\n"
                "keyUsage=critical,digitalSignature\n"
                f"extendedKeyUsage={usage}\n"
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        self._openssl("req", "-new", "-key", key, "-subj", f"/CN={name}", "-out", self.path(name + ".csr"))
        self._openssl(
            "x509", "-req", "-in", self.path(name + ".csr"), "-CA", self.path(ca + ".crt"), "-CAkey", self.path(ca + ".key"),
            "-CAcreateserial", "-sha256", "-days", "1", "-extfile", extensions, "-out", self.path(name + ".crt"))
        return self.path(name + ".crt"), key

    def remove(self):
        shutil.rmtree(self.directory, ignore_errors=True)


def make_certificates():
    certificates = Certificates()
    certificates.ca("trusted-ca")
    certificates.ca("other-ca")
    certificates.silo = certificates.issue("trusted-ca", "silo", "serverAuth,clientAuth")
    certificates.client = certificates.issue("trusted-ca", "client", "clientAuth")
    certificates.stranger = certificates.issue("other-ca", "stranger", "clientAuth")
    certificates.trusted_ca = certificates.path("trusted-ca.crt")
    certificates.other_ca = certificates.path("other-ca.crt")
    return certificates


def tls_host(certificates, **settings):
    certificate, key = certificates.silo
    return SiloHost(
        Mochi__TlsCaPath=certificates.trusted_ca, Mochi__TlsCertificatePath=certificate, Mochi__TlsKeyPath=key, **settings)


class TlsTestCase(unittest.TestCase):
    # Each case makes its own certificates and host; the environment must not decide TLS for the engines it opens.
    environment_keys = ("MOCHI_TLS_CA", "MOCHI_TLS_CERT", "MOCHI_TLS_KEY", "MOCHI_GATEWAY")

    @classmethod
    def setUpClass(cls):
        cls.saved = {key: os.environ.pop(key) for key in cls.environment_keys if key in os.environ}
        cls.certificates = make_certificates()
        try:
            cls.host = cls.start_host()
        except BaseException:
            cls.certificates.remove()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.host.stop()
        cls.certificates.remove()
        os.environ.update(cls.saved)

    def echo(self, **tls):
        """A values_echo call through the host's gateway, with the given TLS settings of the Python engine."""
        with Engine("grpc://" + self.host.gateway, mode=margo.client, **tls) as engine:
            address = engine.lookup(self.host.engine_address)
            return engine.register("values_echo").on(address, provider_id=7)("over TLS")

    def assertRefused(self, **tls):
        with self.assertRaises(MargoException) as raised:
            self.echo(**tls)
        self.assertEqual(ErrorCode.UNREACHABLE, raised.exception.code, str(raised.exception))
        return str(raised.exception)


class ClientTlsSettingsTests(unittest.TestCase):

    def test_a_client_certificate_or_key_without_a_ca_or_a_key_without_a_certificate_is_INVALID_ARGUMENT(self):
        for settings in ({"tls_cert": "client.crt"}, {"tls_key": "client.key"}, {"tls_ca": "ca.crt", "tls_key": "client.key"}):
            with self.subTest(settings=settings), self.assertRaises(MargoException) as raised:
                Engine("grpc://127.0.0.1:1", mode=margo.client, **settings)
            self.assertEqual(ErrorCode.INVALID_ARGUMENT, raised.exception.code)


class GatewayTlsTests(TlsTestCase):

    @classmethod
    def start_host(cls):
        return tls_host(cls.certificates)

    def test_a_caller_that_trusts_the_silo_s_ca_calls_over_TLS(self):
        self.assertEqual("over TLS", self.echo(tls_ca=self.certificates.trusted_ca))

    def test_MOCHI_TLS_CA_gives_the_ca_when_the_keyword_is_not_used(self):
        os.environ["MOCHI_TLS_CA"] = self.certificates.trusted_ca
        try:
            self.assertEqual("over TLS", self.echo())
        finally:
            del os.environ["MOCHI_TLS_CA"]

    def test_a_caller_without_a_ca_is_refused_with_UNREACHABLE_suggesting_tls_ca(self):
        message = self.assertRefused()
        self.assertIn("tls_ca", message)

    def test_a_caller_that_trusts_another_ca_is_refused_with_UNREACHABLE_naming_the_certificate_check(self):
        message = self.assertRefused(tls_ca=self.certificates.other_ca)
        self.assertIn("certificate verify failed", message.lower())
        self.assertNotIn("tls_ca", message)


class GatewayMutualTlsTests(TlsTestCase):

    @classmethod
    def start_host(cls):
        return tls_host(cls.certificates, Mochi__TlsRequireClientCertificate="true")

    def test_a_caller_with_a_client_certificate_of_the_silo_s_ca_calls_over_mutual_TLS(self):
        certificate, key = self.certificates.client
        self.assertEqual("over TLS", self.echo(tls_ca=self.certificates.trusted_ca, tls_cert=certificate, tls_key=key))

    def test_a_client_certificate_and_key_in_one_file_are_accepted(self):
        certificate, key = self.certificates.client
        both = self.certificates.path("client-and-key.pem")
        with open(both, "wb") as out:
            for path in (certificate, key):
                with open(path, "rb") as part:
                    out.write(part.read())
        self.assertEqual("over TLS", self.echo(tls_ca=self.certificates.trusted_ca, tls_cert=both))

    def test_a_caller_without_a_client_certificate_is_refused_with_UNREACHABLE(self):
        self.assertRefused(tls_ca=self.certificates.trusted_ca)

    def test_a_caller_whose_client_certificate_is_of_another_ca_is_refused_with_UNREACHABLE(self):
        certificate, key = self.certificates.stranger
        self.assertRefused(tls_ca=self.certificates.trusted_ca, tls_cert=certificate, tls_key=key)


if __name__ == "__main__":
    unittest.main()
