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

A PyMargo server program runs unchanged the same way: ``Engine("tcp")`` (server mode) opens a session with the
gateway (found as above), whose silo serves the engine's providers to every client of the cluster, .NET or Python;
the engine's address is ``tcp://host:port/name``, the silo's address followed by the session's name.

Differences from PyMargo: ``timeout=`` is in seconds (PyMargo: milliseconds), 0 or None meaning the server's default
deadline (``Mochi:DefaultTimeout``, else 30 s); every failure is a MargoException with a ``code`` (a timed-out call's
is also a ``TimeoutError``, as PyMargo raises); a handler that raises answers REMOTE_ERROR and one that returns without
responding NO_RESPONSE (PyMargo leaves the caller waiting); handlers run concurrently on a thread pool.
"""

import concurrent.futures
import logging
import os
import threading
import traceback
import types
import uuid

import grpc

from . import _values
from . import mochi_gateway_pb2 as pb
from ._gateway import DEADLINE_GRACE_SECONDS, GatewayConnection, gateway_target
from ._errors import ErrorCode, MargoException, _from_error, _from_rpc_error
from ._providers import _Provider, _run_hooks, on_finalize, on_prefinalize, provider, remote
from ._session import ServerSession, SessionError, SessionLost

client = "client"
server = "server"

__all__ = [
    "Address", "CallableRemoteFunction", "Engine", "ErrorCode", "Handle", "MargoException", "RemoteFunction", "Request",
    "client", "on_finalize", "on_prefinalize", "provider", "remote", "server",
]

_logger = logging.getLogger("mochi_orleans")

# The names defined in _errors and _providers are public here: report this module as theirs (reprs, pickles, docs).
for _public in (ErrorCode, MargoException, on_finalize, on_prefinalize, provider, remote):
    _public.__module__ = __name__

# Handlers run on a pool of at least this many threads (``num_rpc_threads`` asks for more), so that calls in flight
# are served concurrently rather than one at a time.
DEFAULT_HANDLER_THREADS = 64



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

    def __init__(self, engine, name, disable_response=False, served=None):
        self._engine = engine
        self._name = name
        self._disable_response = disable_response
        self._deregistered = False
        # (service name, provider id) of a function this (server) engine serves.
        self._served = served

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
        """Forgets the name; a function this engine serves stops being served (its callers get NO_ENTRY)."""
        self._deregistered = True
        self._engine._functions.pop(self._name, None)
        if self._served is not None:
            self._engine._stop_serving(self._name, *self._served)


class Handle:
    """The request a handler serves: ``respond(value)`` answers it; ``address`` is the caller's engine."""

    def __init__(self, engine, call):
        self._engine = engine
        self._call = call
        self._responded = False
        self._lock = threading.Lock()

    @property
    def address(self):
        """The caller's engine address (for a call through a gateway, the engine of the silo serving it)."""
        return Address(self._engine, self._engine._gateway_connection(), self._call.caller)

    def get_addr(self):
        return self.address

    @property
    def provider_id(self):
        return self._call.provider_id

    @property
    def rpc_name(self):
        return self._call.rpc_name

    def respond(self, data=None):
        """Sends ``data`` to the caller. A value without a gateway form raises MargoException(INVALID_ARGUMENT); one
        over the server's limits answers the caller REMOTE_ERROR, as a .NET handler's response too large or deep."""
        result = pb.CallResult(call_id=self._call.call_id)
        depth_limit = self._engine._session.max_nesting_depth
        if depth_limit is not None and _values.nesting(data) > depth_limit:
            with self._lock:
                if self._responded:
                    raise MargoException(ErrorCode.INVALID_ARGUMENT, f"RPC '{self._call.rpc_name}' already responded; a handler responds once.")
            self._fail(pb.REMOTE_ERROR, f"The response of RPC '{self._call.rpc_name}' cannot be delivered: it nests deeper than "
                                        f"{depth_limit} levels of lists and maps (Mochi:MaxNestingDepth).")
            return
        try:
            _values.encode(data, result.value)
        except _values.UnrepresentableValue as problem:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"RPC '{self._call.rpc_name}' response: {problem}") from None
        with self._lock:
            if self._responded:
                raise MargoException(ErrorCode.INVALID_ARGUMENT, f"RPC '{self._call.rpc_name}' already responded; a handler responds once.")
            self._responded = True
        if self._call.disable_response:
            return
        limit = self._engine._session.max_message_bytes
        size = result.ByteSize()
        if limit is not None and size > limit:
            # The gateway would end the whole session on a message over its limit: the caller gets an error instead,
            # as a .NET handler's response too large to deliver.
            _logger.warning("the response of RPC %s (%d bytes) is larger than the gateway reads (%d bytes)", self._call.rpc_name, size, limit)
            self._engine._send(pb.EngineMessage(result=pb.CallResult(call_id=self._call.call_id, error=pb.Error(
                code=pb.REMOTE_ERROR,
                message=f"The response of RPC '{self._call.rpc_name}' cannot be delivered: {size} bytes, over the gateway's {limit}."))))
            return
        self._engine._send(pb.EngineMessage(result=result))

    def _fail(self, code, message, exception_type="", stack_trace=""):
        with self._lock:
            if self._responded:
                return False
            self._responded = True
        if not self._call.disable_response:
            self._engine._send(pb.EngineMessage(result=pb.CallResult(
                call_id=self._call.call_id,
                error=pb.Error(code=code, message=message, remote_exception_type=exception_type, remote_stack_trace=stack_trace))))
        return True



class Engine:
    """A MochiOrleans engine reached through a gateway. Use it as a context manager, or call ``finalize()``.

    addr: "tcp" (or any PyMargo protocol string), or "grpc://host:port" to name the gateway.
    mode: ``server`` (default, as PyMargo: opens a session with the gateway, whose silo serves the engine's providers)
    or ``client``. num_rpc_threads: handlers run on a pool of max(num_rpc_threads, 64) threads. The other PyMargo
    arguments are accepted and have no effect. Keyword-only: gateway, access_token, admin_token, tls_ca, tls_cert,
    tls_key, each defaulting to its MOCHI_* environment variable.
    """

    def __init__(self, addr="tcp", mode=server, use_progress_thread=False, num_rpc_threads=0, config="", *,
                 gateway=None, access_token=None, admin_token=None, tls_ca=None, tls_cert=None, tls_key=None):
        if mode not in (client, server):
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"mode must be mochi_orleans.margo.client or .server, not {mode!r}")
        self._mode = mode
        self._finalized = False
        self._finalizing = False
        self._finalized_event = threading.Event()
        self._lock = threading.Lock()
        self._connections = {}
        self._functions = {}
        self._prefinalize = []
        self._finalize = []
        self._providers = {}
        self._handlers = {}
        self._session = None
        self._pool = None
        # On a handler's thread: an Event set once the handler has returned.
        self._handler_thread = threading.local()
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
        if mode == client:
            self._address = Address(self, None, f"client://{uuid.uuid4().hex}")
            return
        if self._gateway is None:
            raise MargoException(
                ErrorCode.INVALID_ARGUMENT,
                "a server engine needs a gateway to serve through: set MOCHI_GATEWAY=host:port, pass gateway=, "
                "or use Engine(\"grpc://host:port\")")
        connection = self._connection(gateway_target(self._gateway))
        try:
            self._session = ServerSession(connection, self._on_call, self._on_run_hooks, self._on_shutdown, self._on_lost)
        except SessionError as refused:
            self._close_connections()
            raise _from_error(refused.error) from None
        except grpc.RpcError as error:
            self._close_connections()
            raise _from_rpc_error(error, connection.target) from None
        except SessionLost as lost:
            self._close_connections()
            raise MargoException(ErrorCode.UNREACHABLE, f"gateway {connection.target}: {lost}") from None
        self._pool = concurrent.futures.ThreadPoolExecutor(max(num_rpc_threads, DEFAULT_HANDLER_THREADS), thread_name_prefix="mochi-orleans-rpc")
        self._address = Address(self, connection, self._session.address)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        if not self._finalized:
            self.finalize()

    @property
    def address(self):
        """A server engine's address (``tcp://host:port/name``, which any engine of the cluster can look up); a client
        engine's identifies it but cannot be looked up, as in .NET."""
        return self._address

    def addr(self):
        return self._address

    @property
    def listening(self):
        return self._session is not None and not self._finalizing

    def register(self, rpc_name=None, func=None, provider_id=0, disable_response=False):
        """Client side (no ``func``): an RPC name to call with ``.on(address, provider_id)``. Server side: serves
        ``func(handle, *args, **kwargs)`` under ``rpc_name`` and ``provider_id`` (MODE_MISMATCH on a client)."""
        self._check_open()
        if func is None:
            if not rpc_name or any(c.isspace() for c in rpc_name):
                raise ValueError("Client-side RPC registration needs an rpc_name without whitespace")
            function = RemoteFunction(self, rpc_name, disable_response)
            self._functions[rpc_name] = function
            return function
        self._require_server("registering a handler")
        info = getattr(func, "_pymargo_info", None)
        if rpc_name is None:
            rpc_name = info["rpc_name"] if info else func.__name__
            disable_response = disable_response or bool(info and info["disable_response"])
        self._add_provider(_Provider(rpc_name, provider_id, {rpc_name: (func, disable_response)}, [], []))
        return RemoteFunction(self, rpc_name, disable_response, served=(rpc_name, provider_id))

    def registered(self, rpc_name, provider_id=None):
        if provider_id is not None:
            return RemoteFunction(self, rpc_name) if (rpc_name, provider_id) in self._handlers else None
        return self._functions.get(rpc_name)

    def register_provider(self, provider, provider_id=0, service_name=None):
        """Registers every ``@remote`` function of ``provider`` (an object or a module) under ``provider_id``, and its
        ``@on_prefinalize`` / ``@on_finalize`` hooks. Returns the RemoteFunctions by full RPC name.
        ALREADY_EXISTS if the cluster has that service and provider id, or one of the RPC names under that id."""
        self._check_open()
        self._require_server("register_provider")
        if service_name is None:
            service_name = (getattr(type(provider), "_pymargo_provider_info", None) or {}).get("service_name")
            if service_name is None and isinstance(provider, types.ModuleType):
                service_name = (getattr(provider, "_pymargo_provider_info", None) or {}).get("service_name")
        functions, prefinalize, finalize = {}, [], []
        for attribute in dir(provider):
            member = getattr(provider, attribute, None)
            if not callable(member):
                continue
            info = getattr(member, "_pymargo_info", None)
            if info is not None:
                service = service_name or info["service_name"]
                if service_name is None and service:
                    service_name = service
                name = f"{service}_{info['rpc_name']}" if service else info["rpc_name"]
                functions[name] = (member, bool(info["disable_response"]))
            if getattr(member, "_pymargo_on_prefinalize", False):
                prefinalize.append(member)
            if getattr(member, "_pymargo_on_finalize", False):
                finalize.append(member)
        if not functions and not prefinalize and not finalize:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"{provider!r} has no @remote function and no hook")
        self._add_provider(_Provider(service_name or "", provider_id, functions, prefinalize, finalize))
        key = (service_name or "", provider_id)
        return {name: RemoteFunction(self, name, one_way, served=key) for name, (_, one_way) in functions.items()}

    def enable_remote_shutdown(self):
        """Lets ``address.shutdown()`` (from any engine, with the admin token if the server has one) finalize this engine."""
        self._check_open()
        self._require_server("enable_remote_shutdown")
        # Answered once in effect: a shutdown sent after this returns is accepted.
        try:
            self._session.request(enable_remote_shutdown=pb.EnableRemoteShutdown())
        except SessionError as failure:
            raise _from_error(failure.error) from None
        except SessionLost as lost:
            raise MargoException(ErrorCode.UNREACHABLE, f"enable_remote_shutdown: {lost}") from None

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
        """Runs the prefinalize callbacks and providers' prefinalize hooks (calls still allowed), ends the session
        (the gateway deregisters the providers) and closes the gateway connections, then runs the providers' finalize
        hooks and the finalize callbacks. ``wait_for_finalize`` returns once this is done.

        Called from a handler of this engine (PyMargo's "shutdown RPC"), it returns at once and finalizes once the
        handler has returned, so that the handler can still respond."""
        handler_done = getattr(self._handler_thread, "done", None)
        if handler_done is not None and not self._finalizing:
            threading.Thread(target=lambda: (handler_done.wait(), self.finalize()), name="mochi-orleans-finalize", daemon=True).start()
            return
        with self._lock:
            if self._finalizing:
                waiting = True
            else:
                self._finalizing = True
                waiting = False
        if waiting:
            # Another thread is finalizing (a remote shutdown): this one returns when it is done, as in Margo.
            self._finalized_event.wait()
            return
        try:
            for callback in reversed(self._prefinalize):
                callback()
            for registered in list(self._providers.values()):
                registered.run_prefinalize()
            with self._lock:
                self._finalized = True
            if self._session is not None:
                self._session.close()
            if self._pool is not None:
                self._pool.shutdown(wait=False)
            self._close_connections()
            for registered in list(self._providers.values()):
                registered.run_finalize()
            for callback in reversed(self._finalize):
                callback()
        finally:
            self._finalized = True
            self._finalized_event.set()

    def wait_for_finalize(self):
        """Blocks until the engine has finalized: ``finalize()``, a remote shutdown, or the gateway going away."""
        self._finalized_event.wait()

    def _add_provider(self, registered):
        key = (registered.service_name, registered.provider_id)
        if not isinstance(registered.provider_id, int) or not 0 <= registered.provider_id <= 65534:
            raise MargoException(ErrorCode.INVALID_ARGUMENT, f"provider id {registered.provider_id!r} is not in 0..65534 (65535 is reserved)")
        with self._lock:
            if key in self._providers or any((name, registered.provider_id) in self._handlers for name in registered.functions):
                raise MargoException(ErrorCode.ALREADY_EXISTS, f"this engine already serves provider '{key[0]}:{key[1]}' or one of its RPCs")
        if registered.functions:
            request = pb.RegisterProvider(
                service_name=registered.service_name, provider_id=registered.provider_id,
                has_prefinalize=bool(registered.prefinalize), has_finalize=bool(registered.finalize))
            for name, (_, one_way) in registered.functions.items():
                request.rpcs.add(name=name, disable_response=one_way)
            # Handlers are in place before the gateway answers: a call may arrive right after the registration.
            with self._lock:
                for name, (function, one_way) in registered.functions.items():
                    self._handlers[(name, registered.provider_id)] = function
            try:
                self._session.request(register_provider=request)
            except (SessionError, SessionLost) as failure:
                with self._lock:
                    for name in registered.functions:
                        self._handlers.pop((name, registered.provider_id), None)
                if isinstance(failure, SessionError):
                    raise _from_error(failure.error) from None
                raise MargoException(ErrorCode.UNREACHABLE, f"registering provider '{key[0]}:{key[1]}': {failure}") from None
        with self._lock:
            self._providers[key] = registered

    def _stop_serving(self, rpc_name, service_name, provider_id):
        with self._lock:
            self._handlers.pop((rpc_name, provider_id), None)
            registered = self._providers.get((service_name, provider_id))
            if registered is None:
                return
            registered.functions.pop(rpc_name, None)
            last = not registered.functions
            if last and not registered.prefinalize and not registered.finalize:
                del self._providers[(service_name, provider_id)]
        # The provider's other RPCs go on; once it serves none, the cluster forgets it, which frees its names.
        if last and self._session is not None and not self._finalizing:
            try:
                self._session.request(deregister_provider=pb.DeregisterProvider(service_name=service_name, provider_id=provider_id))
            except SessionError as failure:
                raise _from_error(failure.error) from None
            except SessionLost as lost:
                raise MargoException(ErrorCode.UNREACHABLE, f"deregistering provider '{service_name}:{provider_id}': {lost}") from None

    def _on_call(self, call):
        handle = Handle(self, call)
        function = self._handlers.get((call.rpc_name, call.provider_id))
        if function is None:
            handle._fail(pb.NO_ENTRY, f"this engine serves no RPC '{call.rpc_name}' under provider id {call.provider_id}")
            return
        try:
            self._pool.submit(self._run_handler, function, handle, call)
        except RuntimeError:  # the pool is shut down: the engine is finalizing
            handle._fail(pb.PERMISSION, f"the engine serving '{call.rpc_name}' is finalizing")

    def _run_handler(self, function, handle, call):
        self._handler_thread.done = threading.Event()
        try:
            self._serve_call(function, handle, call)
        finally:
            self._handler_thread.done.set()
            self._handler_thread.done = None

    def _serve_call(self, function, handle, call):
        try:
            args = [_values.decode(arg) for arg in call.args]
            kwargs = _values.decode(call.kwargs) if call.HasField("kwargs") else {}
            function(handle, *args, **(kwargs or {}))
        except Exception as exception:  # a raising handler answers REMOTE_ERROR rather than leaving the caller waiting
            if not handle._fail(pb.REMOTE_ERROR, str(exception) or type(exception).__name__,
                                f"{type(exception).__module__}.{type(exception).__qualname__}", traceback.format_exc()):
                _logger.exception("handler of RPC %s raised after it had responded", call.rpc_name)
            return
        handle._fail(pb.NO_RESPONSE, f"the handler of RPC '{call.rpc_name}' returned without responding")

    def _on_run_hooks(self, message):
        registered = self._providers.get((message.service_name, message.provider_id))
        if registered is not None:
            def run():
                registered.run_prefinalize()
                registered.run_finalize()
            threading.Thread(target=run, name="mochi-orleans-hooks", daemon=True).start()

    def _on_shutdown(self):
        threading.Thread(target=self.finalize, name="mochi-orleans-shutdown", daemon=True).start()

    def _on_lost(self, reason):
        if not self._finalizing:
            _logger.warning("the gateway session of engine %s ended (%s); the engine finalizes", self._address, reason)
            threading.Thread(target=self.finalize, name="mochi-orleans-finalize", daemon=True).start()

    def _send(self, message):
        if self._session is not None:
            self._session.send(message)

    def _gateway_connection(self):
        return self._connections.get(gateway_target(self._gateway)) if self._gateway else None

    def _require_server(self, operation):
        if self._session is None:
            raise MargoException(ErrorCode.MODE_MISMATCH, f"{operation} needs a server engine; this engine is a client.")

    def _close_connections(self):
        with self._lock:
            connections, self._connections = list(self._connections.values()), {}
        for connection in connections:
            connection.close()

    def _connection(self, target):
        with self._lock:
            if self._finalized:
                raise MargoException(ErrorCode.PERMISSION, "the engine has been finalized")
            connection = self._connections.get(target)
            if connection is None:
                connection = GatewayConnection(target, **self._settings)
                self._connections[target] = connection
            return connection

    def _check_open(self):
        if self._finalized:
            raise MargoException(ErrorCode.PERMISSION, "the engine has been finalized")


MargoAddress = Address
MargoHandle = Handle
MargoInstance = Engine
