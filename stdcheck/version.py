"""The version: a leaf every module may import without importing the package face."""

__version__ = "0.1.0"
