"""The GraphQL API server: its settings, the wiring of its working parts (shared with the
command line, which lives in :mod:`hippograph.cli`), and the server itself."""
