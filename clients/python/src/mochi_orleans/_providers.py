"""PyMargo's provider decorators (``@provider``, ``@remote``, ``@on_prefinalize``, ``@on_finalize``) and the record
a server engine keeps of each provider it registered."""

import logging
import threading

_logger = logging.getLogger("mochi_orleans")


def remote(func=None, rpc_name=None, disable_response=False, service_name=None):
    """Marks a function or method as an RPC: ``@remote`` or ``@remote(rpc_name=..., disable_response=True)``."""
    def decorator(function):
        function._pymargo_info = {
            "rpc_name": rpc_name or function.__name__,
            "disable_response": disable_response,
            "service_name": service_name,
        }
        return function
    return decorator(func) if callable(func) else decorator


def provider(service_name=None):
    """Gives a provider class its service name, which prefixes its RPC names with ``service_name + "_"``."""
    def decorator(cls):
        cls._pymargo_provider_info = {"service_name": service_name}
        return cls
    return decorator


def on_prefinalize(func):
    """Marks a provider method to run before the engine finalizes (RPCs still flow)."""
    func._pymargo_on_prefinalize = True
    return func


def on_finalize(func):
    """Marks a provider method to run while the engine finalizes (after every prefinalize hook)."""
    func._pymargo_on_finalize = True
    return func


class _Provider:
    """A provider registered by a server engine: its RPCs and hooks, which run once."""

    def __init__(self, service_name, provider_id, functions, prefinalize, finalize):
        self.service_name = service_name
        self.provider_id = provider_id
        self.functions = functions
        self.prefinalize = prefinalize
        self.finalize = finalize
        self._prefinalized = False
        self._finalized = False
        self._lock = threading.Lock()

    def run_prefinalize(self):
        with self._lock:
            if self._prefinalized:
                return
            self._prefinalized = True
        _run_hooks(self.prefinalize, "prefinalize")

    def run_finalize(self):
        with self._lock:
            if self._finalized:
                return
            self._finalized = True
        _run_hooks(self.finalize, "finalize")


def _run_hooks(hooks, stage):
    for hook in hooks:
        try:
            hook()
        except Exception:  # a failing hook must not keep the others from running, as in .NET
            _logger.exception("%s hook %r raised", stage, hook)
