"""`python -m claimcheck.cli`: the same command line as `claimcheck`."""

from . import app

app()
