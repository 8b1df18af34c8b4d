"""stdcheck: where a district stands against the targets of its standardization policy."""

__version__ = "0.1.0"
