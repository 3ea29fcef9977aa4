"""``python -m stancelens``: the same as the ``stancelens`` command."""

import sys

from stancelens.cli import main

sys.exit(main())
