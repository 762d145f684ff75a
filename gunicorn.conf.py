"""gunicorn configuration for policy-digest: every setting comes from the PD_* environment.

`gunicorn` started in this directory (as the Docker image does) reads this file; the settings
and hooks live in service/api/gunicorn_conf.py, which `policy-digest serve` uses directly.
"""

from service.api.gunicorn_conf import *  # noqa: F403
