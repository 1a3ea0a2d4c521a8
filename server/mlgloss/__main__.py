"""``python -m mlgloss``: the same as the ``mlgloss`` command."""

import sys

from mlgloss.cli.main import main

sys.exit(main())
