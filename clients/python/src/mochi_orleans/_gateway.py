"""One gRPC connection to a MochiOrleans gateway (protos/mochi_gateway.proto)."""

import grpc

from . import mochi_gateway_pb2 as pb

_SERVICE = "/mochi.gateway.v1.MochiGateway/"
_ACCESS_TOKEN_HEADER = "mochi-access-token"
_ADMIN_TOKEN_HEADER = "mochi-admin-token"

# Lookups and shutdowns have no timeout of their own in PyMargo; a gateway that does not answer them within this
# many seconds is reported as unreachable rather than waited for forever.
CONTROL_DEADLINE_SECONDS = 60.0

# The gateway answers a call's own timeout in-band (TIMEOUT); the gRPC deadline is a backstop given this much more.
DEADLINE_GRACE_SECONDS = 5.0

# What the gateway sends is bounded by the server's Mochi:MaxPayloadBytes (48 MiB at most, twice for arguments and
# keyword arguments, plus framing): accept all of it rather than gRPC's 4 MiB default.
_MAX_MESSAGE_BYTES = 2 * 48 * 1024 * 1024 + 1024 * 1024


def gateway_target(address):
    """The host:port of a gateway address (``grpc://host:port`` or ``host:port``), or None if it is not one."""
    if address.startswith("grpc://"):
        address = address[len("grpc://"):]
    elif "://" in address:
        return None
    host, _, port = address.rpartition(":")
    return address if host and port.isdigit() else None


class GatewayConnection:
    """A channel to one gateway, with the caller's tokens and TLS settings."""

    def __init__(self, target, access_token=None, admin_token=None, tls_ca=None, tls_cert=None, tls_key=None):
        self.target = target
        self.tls = bool(tls_ca)
        options = [
            ("grpc.max_receive_message_length", _MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", _MAX_MESSAGE_BYTES),
        ]
        if tls_ca:
            certificate = _read(tls_cert) if tls_cert else None
            # Without tls_key the key follows the certificate in its file, as Mochi:TlsKeyPath allows (gRPC finds each
            # PEM block by its label); gRPC would abort the whole process on a certificate without a key.
            credentials = grpc.ssl_channel_credentials(
                root_certificates=_read(tls_ca),
                private_key=_read(tls_key) if tls_key else certificate,
                certificate_chain=certificate)
            self._channel = grpc.secure_channel(target, credentials, options=options)
        else:
            self._channel = grpc.insecure_channel(target, options=options)
        self._metadata = [(_ACCESS_TOKEN_HEADER, access_token)] if access_token else []
        self._admin_metadata = self._metadata + ([(_ADMIN_TOKEN_HEADER, admin_token)] if admin_token else [])
        self._lookup = self._method("Lookup", pb.LookupResponse)
        self._call = self._method("Call", pb.CallResponse)
        self._shutdown = self._method("Shutdown", pb.ShutdownResponse)
        self._serve = self._channel.stream_stream(
            _SERVICE + "Serve",
            request_serializer=lambda message: message.SerializeToString(),
            response_deserializer=pb.GatewayMessage.FromString)

    def _method(self, name, response):
        return self._channel.unary_unary(
            _SERVICE + name,
            request_serializer=lambda message: message.SerializeToString(),
            response_deserializer=response.FromString)

    def lookup(self, address):
        """Returns the LookupResponse for ``address`` ('' for the gateway's own engine)."""
        return self._lookup(pb.LookupRequest(address=address), timeout=CONTROL_DEADLINE_SECONDS, metadata=self._metadata)

    def call(self, request, deadline):
        """Sends a CallRequest and waits for its CallResponse."""
        return self._call(request, timeout=deadline, metadata=self._metadata)

    def call_future(self, request, deadline):
        """Sends a CallRequest; the returned future completes with its CallResponse."""
        return self._call.future(request, timeout=deadline, metadata=self._metadata)

    def shutdown(self, address):
        """Returns the ShutdownResponse for ``address``."""
        return self._shutdown(pb.ShutdownRequest(address=address), timeout=CONTROL_DEADLINE_SECONDS, metadata=self._admin_metadata)

    def serve(self, requests):
        """Opens a Serve stream sending ``requests`` (an iterator of EngineMessage); returns the GatewayMessage iterator."""
        return self._serve(requests, metadata=self._metadata)

    def close(self):
        self._channel.close()


def _read(path):
    with open(path, "rb") as file:
        return file.read()
