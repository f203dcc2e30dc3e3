"""Directives: ingest, extract and search Vietnamese Party and State directives."""

__version__ = "0.1.0"
