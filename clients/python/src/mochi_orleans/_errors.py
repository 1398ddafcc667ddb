"""MargoException and its codes: how every failure of a call, lookup or shutdown reaches Python code."""

import enum

import grpc


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
