"""HTTP layer: app factory, blueprints, request reading, error mapping and the OpenAPI document.

Only this package imports Flask. The work itself is done by service/runtime/ (`ServiceState`
and `tasks`), which is Flask-free.
"""
