"""MochiOrleans for Python: PyMargo's API, client and server, over a MochiOrleans silo's gRPC gateway.

Use ``mochi_orleans.margo`` where a PyMargo program uses ``mochi.margo`` (see docs/python.md).
"""

__version__ = "0.1.0"
