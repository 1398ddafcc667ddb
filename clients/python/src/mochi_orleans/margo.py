"""PyMargo's client API (``mochi.margo``) over a MochiOrleans gateway.

A PyMargo client program runs unchanged but for its imports::

    from mochi_orleans.margo import Engine, MargoException
    import mochi_orleans.margo as pymargo

    with Engine("tcp", mode=pymargo.client) as engine:
        hello = engine.register("my_service_say_hello")
        address = engine.lookup("tcp://127.0.0.1:30000")
        print(hello.on(address, provider_id=42)("Matthieu", lastname="Dorier"))
        address.shutdown()

Where the gateway is (docs/python.md): ``engine.lookup("grpc://host:port")`` names a gateway and means the engine of
the silo serving it; any other address (``tcp://host:port``, as engines print it) is looked up through the engine's
gateway: ``Engine("grpc://host:port", ...)``, ``Engine(..., gateway="host:port")`` or the ``MOCHI_GATEWAY``
environment variable. ``MOCHI_ACCESS_TOKEN`` / ``MOCHI_ADMIN_TOKEN`` and ``MOCHI_TLS_CA`` / ``MOCHI_TLS_CERT`` /
``MOCHI_TLS_KEY`` (or the keyword arguments of the same names) give the server's tokens and TLS trust.

Differences from PyMargo: ``timeout=`` is in seconds (PyMargo: milliseconds), 0 or None meaning the server's default
deadline (``Mochi:DefaultTimeout``, else 30 s); every failure is a MargoException with a ``code`` (a timed-out call's
is also a ``TimeoutError``, as PyMargo raises); only client mode is available.
"""

import enum
import os
import threading
import uuid

import grpc

from . import _values
from . import mochi_gateway_pb2 as pb
from ._gateway import DEADLINE_GRACE_SECONDS, GatewayConnection, gateway_target

client = "client"
server = "server"

__all__ = [
    "Address", "CallableRemoteFunction", "Engine", "ErrorCode", "MargoException", "RemoteFunction", "Request",
    "client", "server",
]


class ErrorCode(enum.IntEnum):
    """MochiOrleans.MargoErrorCode: why a call failed (docs/errors.md)."""
    NO_ENTRY = 0
    INVALID_ARGUMENT = 1
    REMOTE_ERROR = 2
    NO_RESPONSE = 3
    TIMEOUT = 4
    CANCELED = 5
    PERMISSION = 6
    UNREACHABLE = 7
    ALREADY_EXISTS = 8
    MODE_MISMATCH = 9


class MargoException(Exception):
    """A failed call, lookup or shutdown; ``code`` says why (an ErrorCode), ``message`` how."""

    def __new__(cls, code, *_args, **_kwargs):
        # A timeout is also a TimeoutError, which is what PyMargo raises for one.
        if cls is MargoException and code == ErrorCode.TIMEOUT:
            cls = _MargoTimeout
        return super().__new__(cls)

    def __init__(self, code, message="", remote_exception_type=None, remote_stack_trace=None):
        super().__init__(f"{ErrorCode(code).name}: {message}")
        self.args = (f"{ErrorCode(code).name}: {message}",)
        self.code = ErrorCode(code)
        self.message = message
        self.remote_exception_type = remote_exception_type or None
        self.remote_stack_trace = remote_stack_trace or None

    def __str__(self):
        return self.args[0]

    def __reduce__(self):
        return (MargoException, (self.code, self.message, self.remote_exception_type, self.remote_stack_trace))


class _MargoTimeout(MargoException, TimeoutError):
    pass


def _from_error(error):
    return MargoException(error.code, error.message, error.remote_exception_type, error.remote_stack_trace)


_GRPC_CODES = {
    grpc.StatusCode.UNAVAILABLE: ErrorCode.UNREACHABLE,
    grpc.StatusCode.UNIMPLEMENTED: ErrorCode.UNREACHABLE,
    grpc.StatusCode.DEADLINE_EXCEEDED: ErrorCode.TIMEOUT,
    grpc.StatusCode.CANCELLED: ErrorCode.CANCELED,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ErrorCode.INVALID_ARGUMENT,
    grpc.StatusCode.INVALID_ARGUMENT: ErrorCode.INVALID_ARGUMENT,
    grpc.StatusCode.UNAUTHENTICATED: ErrorCode.PERMISSION,
    grpc.StatusCode.PERMISSION_DENIED: ErrorCode.PERMISSION,
}


def _from_rpc_error(error, connection):
    """A gRPC failure (nothing in-band came back) on ``connection`` as a MargoException."""
    status = error.code() if callable(getattr(error, "code", None)) else None
    code = _GRPC_CODES.get(status, ErrorCode.REMOTE_ERROR)
    details = error.details() if callable(getattr(error, "details", None)) else str(error)
    # A gateway serving TLS closes a plaintext connection without a word ("Socket closed"): say what may be missing.
    hint = "; if the gateway serves TLS, give its CA: tls_ca= or MOCHI_TLS_CA" if code == ErrorCode.UNREACHABLE and not connection.tls else ""
    return MargoException(code, f"gateway {connection.target}: {status.name if status else 'error'}: {details}{hint}")


class Address:
    """The address of an engine, reached through a gateway. ``str(address)`` is the engine's own address string."""

    def __init__(self, engine, connection, value):
        self._engine = engine
        self._connection = connection
        self._value = value

    def __str__(self):
        return self._value

    def __repr__(self):
        return f"Address({self._value!r})"

    def __eq__(self, other):
        return isinstance(other, Address) and other._value == self._value

    def __hash__(self):
        return hash(self._value)

    def copy(self):
        """Another Address for the same engine."""
        return Address(self._engine, self._connection, self._value)

    def shutdown(self):
        """Asks the engine at this address to finalize; it must have enabled remote shutdown (else PERMISSION)."""
        self._engine._check_open()
        if self._connection is None:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"{self._value} is a client engine's address; it cannot be shut down.")
        try:
            response = self._connection.shutdown(self._value)
        except grpc.RpcError as error:
            raise _from_rpc_error(error, self._connection) from None
        if response.HasField("error"):
            raise _from_error(response.error)


class Request:
    """A call sent with ``blocking=False``: ``wait()`` returns its response (or raises), ``test()`` says whether it has one."""

    def __init__(self, future, connection):
        self._future = future
        self._connection = connection

    def test(self):
        return self._future.done()

    def wait(self):
        try:
            response = self._future.result()
        except grpc.RpcError as error:
            raise _from_rpc_error(error, self._connection) from None
        return _response_value(response)


def _response_value(response):
    if response.HasField("error"):
        raise _from_error(response.error)
    return _values.decode(response.value)


class CallableRemoteFunction:
    """A RemoteFunction bound to an address and a provider id: call it like a function."""

    def __init__(self, remote_function, address, provider_id):
        self._remote_function = remote_function
        self._address = address
        self._provider_id = provider_id

    @property
    def remote_function(self):
        return self._remote_function

    @property
    def engine(self):
        return self._remote_function.engine

    @property
    def provider_id(self):
        return self._provider_id

    @property
    def address(self):
        return self._address

    def __call__(self, *args, timeout=0.0, blocking=True, **kwargs):
        """Calls the RPC with positional and keyword arguments.

        timeout: seconds the whole call may take; 0 or None for the server's default. ``timeout`` and ``blocking``
        are this method's own, as in PyMargo, so an RPC parameter of either name can only be passed by position.
        blocking: False returns a Request at once, whose ``wait()`` gives the response.
        """
        self.engine._check_open()
        connection = self._address._connection
        if connection is None:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"{self._address} is a client engine's address; it cannot be called.")
        if timeout is None:
            timeout = 0.0
        if timeout < 0:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"timeout must be 0 (the server's default) or positive seconds, not {timeout}")
        request = pb.CallRequest(
            address=str(self._address),
            rpc_name=self._remote_function.name,
            provider_id=self._provider_id,
            timeout_seconds=float(timeout),
            disable_response=self._remote_function.disabled_response())
        try:
            for arg in args:
                _values.encode(arg, request.args.add())
            if kwargs:
                _values.encode(kwargs, request.kwargs)
        except _values.UnrepresentableValue as problem:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"RPC '{self._remote_function.name}': {problem}") from None
        deadline = timeout + DEADLINE_GRACE_SECONDS if timeout > 0 else None
        if not blocking:
            return Request(connection.call_future(request, deadline), connection)
        try:
            response = connection.call(request, deadline)
        except grpc.RpcError as error:
            raise _from_rpc_error(error, connection) from None
        return _response_value(response)


class RemoteFunction:
    """An RPC name registered on a client engine (``engine.register(name)``)."""

    def __init__(self, engine, name, disable_response=False):
        self._engine = engine
        self._name = name
        self._disable_response = disable_response
        self._deregistered = False

    @property
    def name(self):
        return self._name

    @property
    def engine(self):
        return self._engine

    def on(self, address, provider_id=0):
        """Binds the function to an address and a provider id (0..65534)."""
        if self._deregistered:
            raise MargoException(ErrorCode.NO_ENTRY, f"RPC '{self._name}' was deregistered.")
        if not isinstance(address, Address):
            raise TypeError(f"on() needs an Address from engine.lookup, not {type(address).__name__}")
        if not isinstance(provider_id, int) or not 0 <= provider_id <= 65534:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"provider id {provider_id!r} is not in 0..65534 (65535 is reserved)")
        return CallableRemoteFunction(self, address, provider_id)

    def disable_response(self, disable=True):
        """One-way calls: they return None once the gateway has handed the request to the cluster."""
        self._disable_response = disable

    def disabled_response(self):
        return self._disable_response

    def deregister(self):
        self._deregistered = True
        self._engine._functions.pop(self._name, None)


class Engine:
    """A client engine. Use it as a context manager, or call ``finalize()``.

    addr: "tcp" (or any PyMargo protocol string), or "grpc://host:port" to name the gateway.
    mode: ``client`` (``server`` is not available in this version: MargoException MODE_MISMATCH).
    The other PyMargo arguments are accepted and have no effect. Keyword-only: gateway, access_token, admin_token,
    tls_ca, tls_cert, tls_key, each defaulting to its MOCHI_* environment variable.
    """

    def __init__(self, addr="tcp", mode=server, use_progress_thread=False, num_rpc_threads=0, config="", *,
                 gateway=None, access_token=None, admin_token=None, tls_ca=None, tls_cert=None, tls_key=None):
        if mode != client:
            raise MargoException(
                ErrorCode.MODE_MISMATCH,
                "mochi_orleans serves no providers from Python yet: use Engine(..., mode=client) and a .NET silo.")
        self._finalized = False
        self._finalized_event = threading.Event()
        self._lock = threading.Lock()
        self._connections = {}
        self._functions = {}
        self._prefinalize = []
        self._finalize = []
        self._settings = {
            "access_token": access_token or os.environ.get("MOCHI_ACCESS_TOKEN") or None,
            "admin_token": admin_token or os.environ.get("MOCHI_ADMIN_TOKEN") or None,
            "tls_ca": tls_ca or os.environ.get("MOCHI_TLS_CA") or None,
            "tls_cert": tls_cert or os.environ.get("MOCHI_TLS_CERT") or None,
            "tls_key": tls_key or os.environ.get("MOCHI_TLS_KEY") or None,
        }
        if (self._settings["tls_cert"] or self._settings["tls_key"]) and not self._settings["tls_ca"]:
            # A client certificate only means something over TLS; ignoring it would connect in plaintext.
            raise MargoException(ErrorCode.INVALID_ARGUMENT, "tls_cert/tls_key (MOCHI_TLS_CERT/MOCHI_TLS_KEY) need tls_ca (MOCHI_TLS_CA): the gateway's CA")
        if self._settings["tls_key"] and not self._settings["tls_cert"]:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, "tls_key (MOCHI_TLS_KEY) is set without tls_cert (MOCHI_TLS_CERT)")
        self._gateway = gateway or (gateway_target(addr) if addr.startswith("grpc://") else None) or os.environ.get("MOCHI_GATEWAY") or None
        if self._gateway is not None and gateway_target(self._gateway) is None:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"'{self._gateway}' is not a gateway address (grpc://host:port or host:port)")
        self._address = Address(self, None, f"client://{uuid.uuid4().hex}")

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        if not self._finalized:
            self.finalize()

    @property
    def address(self):
        """A client engine's address: it identifies the engine but cannot be looked up, as in .NET."""
        return self._address

    def addr(self):
        return self._address

    @property
    def listening(self):
        return False

    def register(self, rpc_name=None, func=None, provider_id=0, disable_response=False):
        """Client-side registration of an RPC name (``func`` would register a handler: server mode only)."""
        self._check_open()
        if func is not None:
            raise MargoException(ErrorCode.MODE_MISMATCH, "registering a handler needs a server engine; this engine is a client.")
        if not rpc_name or any(c.isspace() for c in rpc_name):
            raise ValueError("Client-side RPC registration needs an rpc_name without whitespace")
        function = RemoteFunction(self, rpc_name, disable_response)
        self._functions[rpc_name] = function
        return function

    def registered(self, rpc_name, provider_id=None):
        return self._functions.get(rpc_name) if provider_id is None else None

    def register_provider(self, provider, provider_id=0, service_name=None):
        raise MargoException(ErrorCode.MODE_MISMATCH, "register_provider needs a server engine; this engine is a client.")

    def enable_remote_shutdown(self):
        raise MargoException(ErrorCode.MODE_MISMATCH, "enable_remote_shutdown needs a server engine; this engine is a client.")

    def lookup(self, straddr):
        """Resolves an engine address: "grpc://host:port" for the engine serving that gateway, or an engine's
        "tcp://host:port" through this engine's gateway. UNREACHABLE if nothing answers, INVALID_ARGUMENT if malformed."""
        self._check_open()
        if straddr.startswith("grpc://"):
            target, engine_address = gateway_target(straddr), ""
            if target is None:
                raise MargoException(ErrorCode.INVALID_ARGUMENT, f"'{straddr}' is not a gateway address of the form grpc://host:port")
        else:
            if self._gateway is None:
                raise MargoException(
                    ErrorCode.INVALID_ARGUMENT,
                    f"cannot look up '{straddr}' without a gateway: set MOCHI_GATEWAY=host:port, pass gateway=, "
                    "or look up the gateway itself as grpc://host:port")
            target, engine_address = gateway_target(self._gateway), straddr
        connection = self._connection(target)
        try:
            response = connection.lookup(engine_address)
        except grpc.RpcError as error:
            raise _from_rpc_error(error, connection) from None
        if response.HasField("error"):
            raise _from_error(response.error)
        return Address(self, connection, response.address)

    def on_prefinalize(self, callable_obj):
        self._prefinalize.append(callable_obj)

    def on_finalize(self, callable_obj):
        self._finalize.append(callable_obj)

    def finalize(self):
        """Runs prefinalize callbacks (calls still allowed), closes the gateway connections, runs finalize callbacks."""
        with self._lock:
            if self._finalized:
                return
        for callback in reversed(self._prefinalize):
            callback()
        with self._lock:
            self._finalized = True
            connections, self._connections = list(self._connections.values()), {}
        for connection in connections:
            connection.close()
        for callback in reversed(self._finalize):
            callback()
        self._finalized_event.set()

    def wait_for_finalize(self):
        self._finalized_event.wait()

    def _connection(self, target):
        with self._lock:
            self._check_open()
            connection = self._connections.get(target)
            if connection is None:
                connection = GatewayConnection(target, **self._settings)
                self._connections[target] = connection
            return connection

    def _check_open(self):
        if self._finalized:
            raise MargoException(ErrorCode.PERMISSION, "the engine has been finalized")


MargoAddress = Address
MargoInstance = Engine
