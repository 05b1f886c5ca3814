"""``python -m mos_desktop``: the same as the ``mos-desktop`` command."""

import sys

from mos_desktop.cli import main

sys.exit(main())
