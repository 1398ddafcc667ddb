"""A server engine's session with a gateway: the Serve stream of protos/mochi_gateway.proto.

The gateway registers the engine's providers in its silo, sends their calls as IncomingCall messages and takes the
answers as CallResult messages, in any order. One thread reads the stream; handlers run on the engine's pool.
"""

import itertools
import queue
import threading

import grpc

from . import mochi_gateway_pb2 as pb
from ._gateway import CONTROL_DEADLINE_SECONDS

_END = object()


class SessionError(Exception):
    """The gateway refused the session or a request: ``error`` is the gateway's Error message."""

    def __init__(self, error):
        super().__init__(error.message)
        self.error = error


class SessionLost(Exception):
    """The stream ended before the answer came."""


class ServerSession:
    """Opens the session on ``connection``. Callbacks run on the reading thread and must not block:

    on_call(IncomingCall), on_run_hooks(RunHooks), on_shutdown(), on_lost(reason) (the stream ended without close()).
    """

    def __init__(self, connection, on_call, on_run_hooks, on_shutdown, on_lost):
        self._on_call = on_call
        self._on_run_hooks = on_run_hooks
        self._on_shutdown = on_shutdown
        self._on_lost = on_lost
        self._outbox = queue.Queue()
        self._request_ids = itertools.count(1)
        self._waiting = {}
        self._lock = threading.Lock()
        self._closing = False
        self._outbox.put(pb.EngineMessage(open=pb.OpenSession()))
        self._stream = connection.serve(self._requests())
        try:
            first = next(self._stream)
        except grpc.RpcError:
            self._stream.cancel()
            raise
        except StopIteration:
            raise SessionLost("the gateway ended the session before opening it") from None
        if first.WhichOneof("message") != "opened":
            self._stream.cancel()
            if first.WhichOneof("message") == "done" and first.done.HasField("error"):
                raise SessionError(first.done.error)
            raise SessionLost(f"the gateway answered {first.WhichOneof('message')} to OpenSession")
        self.address = first.opened.address
        self.max_message_bytes = first.opened.max_message_bytes or None
        self.max_nesting_depth = first.opened.max_nesting_depth or None
        self._reader = threading.Thread(target=self._read, name="mochi-orleans-session", daemon=True)
        self._reader.start()

    def _requests(self):
        while True:
            message = self._outbox.get()
            if message is _END:
                return
            yield message

    def send(self, message):
        self._outbox.put(message)

    def request(self, **fields):
        """Sends a RegisterProvider, DeregisterProvider or EnableRemoteShutdown (one keyword argument) and waits for
        its RequestDone."""
        (name, message), = fields.items()
        request_id = next(self._request_ids)
        message.request_id = request_id
        done = threading.Event()
        slot = [None]
        with self._lock:
            if self._closing:
                raise SessionLost("the session has ended")
            self._waiting[request_id] = (done, slot)
        self.send(pb.EngineMessage(**{name: message}))
        if not done.wait(CONTROL_DEADLINE_SECONDS):
            with self._lock:
                self._waiting.pop(request_id, None)
            raise SessionLost(f"the gateway did not answer {name} within {CONTROL_DEADLINE_SECONDS} s")
        if slot[0] is None:
            raise SessionLost("the session ended before the gateway answered")
        if slot[0].HasField("error"):
            raise SessionError(slot[0].error)

    def _read(self):
        reason = None
        try:
            for message in self._stream:
                kind = message.WhichOneof("message")
                if kind == "call":
                    self._on_call(message.call)
                elif kind == "done":
                    if message.done.request_id == 0:
                        reason = f"{pb.MargoErrorCode.Name(message.done.error.code)}: {message.done.error.message}"
                        continue
                    with self._lock:
                        waiting = self._waiting.pop(message.done.request_id, None)
                    if waiting is not None:
                        waiting[1][0] = message.done
                        waiting[0].set()
                elif kind == "run_hooks":
                    self._on_run_hooks(message.run_hooks)
                elif kind == "shutdown":
                    self._on_shutdown()
        except grpc.RpcError as error:
            reason = reason or f"{error.code().name}: {error.details()}"
        finally:
            with self._lock:
                closing = self._closing
                self._closing = True
                waiting, self._waiting = list(self._waiting.values()), {}
            for done, _ in waiting:
                done.set()
            if not closing:
                self._on_lost(reason or "the gateway ended the session")

    def close(self, timeout=CONTROL_DEADLINE_SECONDS):
        """Ends the stream (the gateway deregisters the providers) and waits for the gateway to end its side."""
        with self._lock:
            self._closing = True
        self._outbox.put(_END)
        if threading.current_thread() is not self._reader:
            self._reader.join(timeout)
        if self._reader.is_alive():
            self._stream.cancel()
