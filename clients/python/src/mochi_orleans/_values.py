"""Python values to and from the gateway's ``Value`` message (docs/python.md, "Values").

None, bool, int (64-bit signed), float, str, bytes (bytearray and memoryview travel as bytes), lists (tuples travel as
lists) and dicts with str keys. Anything else raises MargoException(INVALID_ARGUMENT) before anything is sent.
"""

from . import mochi_gateway_pb2 as pb

_INT64_MIN = -(2 ** 63)
_INT64_MAX = 2 ** 63 - 1


class UnrepresentableValue(Exception):
    """A value that has no gateway form; the caller turns it into MargoException(INVALID_ARGUMENT)."""


def encode(value, into=None):
    """Encodes ``value`` into a new ``Value`` message (or into ``into``)."""
    message = pb.Value() if into is None else into
    if value is None:
        message.kind = pb.KIND_NULL
    elif isinstance(value, bool):  # before int: bool is an int in Python
        message.kind = pb.KIND_BOOL
        message.bool_value = value
    elif isinstance(value, int):
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise UnrepresentableValue(f"the integer {value} does not fit in 64 signed bits")
        message.kind = pb.KIND_INT
        message.int_value = value
    elif isinstance(value, float):
        message.kind = pb.KIND_DOUBLE
        message.double_value = value
    elif isinstance(value, str):
        message.kind = pb.KIND_STRING
        message.string_value = value
    elif isinstance(value, (bytes, bytearray, memoryview)):
        message.kind = pb.KIND_BYTES
        message.bytes_value = bytes(value)
    elif isinstance(value, (list, tuple)):
        message.kind = pb.KIND_LIST
        items = message.items
        for item in value:
            encode(item, items.add())
    elif isinstance(value, dict):
        message.kind = pb.KIND_MAP
        for key, item in value.items():
            if not isinstance(key, str):
                raise UnrepresentableValue(f"map keys must be str, not {type(key).__name__}")
            message.keys.append(key)
            encode(item, message.items.add())
    else:
        raise UnrepresentableValue(
            f"a {type(value).__name__} has no gateway form "
            "(None, bool, int, float, str, bytes, list, tuple, dict with str keys)")
    return message


def nesting(value):
    """How many levels of lists and maps ``value`` nests (0 for a scalar), counted without recursion."""
    deepest = 0
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, (list, tuple)):
            deepest = max(deepest, depth + 1)
            pending.extend((child, depth + 1) for child in item)
        elif isinstance(item, dict):
            deepest = max(deepest, depth + 1)
            pending.extend((child, depth + 1) for child in item.values())
    return deepest


def decode(message):
    """Decodes a ``Value`` message into a Python value."""
    kind = message.kind
    if kind == pb.KIND_NULL:
        return None
    if kind == pb.KIND_BOOL:
        return message.bool_value
    if kind == pb.KIND_INT:
        return message.int_value
    if kind == pb.KIND_DOUBLE:
        return message.double_value
    if kind == pb.KIND_STRING:
        return message.string_value
    if kind == pb.KIND_BYTES:
        return message.bytes_value
    if kind == pb.KIND_LIST:
        return [decode(item) for item in message.items]
    if kind == pb.KIND_MAP:
        return {key: decode(item) for key, item in zip(message.keys, message.items)}
    raise UnrepresentableValue(f"a value of unknown kind {kind} arrived; this client speaks mochi.gateway.v1")
