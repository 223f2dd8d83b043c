"""`python -m stancecli` runs the same app as the `stance` script."""

from stancecli.cli import main

main()
