"""HTTP layer: blueprints, request reading, error mapping, metrics and the OpenAPI document.

Only this package (and service/app.py) imports Flask. The work itself is done by the domain
modules through `state.ServiceState` and `jobs`, which are Flask-free.
"""
