"""`python -m service.cli`: the same as the `policy-digest` console script."""

import sys

from service.cli import main

sys.exit(main())
