"""runtime: the service's work without Flask: state (models, cache, stats), tasks, languages.

The HTTP API (service.api), the document jobs and the CLI call these; they never import Flask.
"""
