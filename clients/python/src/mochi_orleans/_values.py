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
        message.null_value = pb.NULL_VALUE
    elif isinstance(value, bool):  # before int: bool is an int in Python
        message.bool_value = value
    elif isinstance(value, int):
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise UnrepresentableValue(f"the integer {value} does not fit in 64 signed bits")
        message.int_value = value
    elif isinstance(value, float):
        message.double_value = value
    elif isinstance(value, str):
        message.string_value = value
    elif isinstance(value, (bytes, bytearray, memoryview)):
        message.bytes_value = bytes(value)
    elif isinstance(value, (list, tuple)):
        items = message.list_value.items
        message.list_value.SetInParent()  # an empty list is a list, not null
        for item in value:
            encode(item, items.add())
    elif isinstance(value, dict):
        message.map_value.SetInParent()
        encode_entries(value, message.map_value.entries)
    else:
        raise UnrepresentableValue(
            f"a {type(value).__name__} has no gateway form "
            "(None, bool, int, float, str, bytes, list, tuple, dict with str keys)")
    return message


def encode_entries(mapping, entries):
    """Encodes a dict with str keys into repeated ``MapEntry`` messages."""
    for key, item in mapping.items():
        if not isinstance(key, str):
            raise UnrepresentableValue(f"map keys must be str, not {type(key).__name__}")
        entry = entries.add()
        entry.key = key
        encode(item, entry.value)


def decode(message):
    """Decodes a ``Value`` message into a Python value."""
    kind = message.WhichOneof("kind")
    if kind is None or kind == "null_value":
        return None
    if kind == "list_value":
        return [decode(item) for item in message.list_value.items]
    if kind == "map_value":
        return {entry.key: decode(entry.value) for entry in message.map_value.entries}
    return getattr(message, kind)
