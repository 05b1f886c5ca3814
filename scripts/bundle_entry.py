"""Entry point of the PyInstaller bundle (build.spec): the same ``main()`` as the ``mos-desktop`` command."""

import sys

from mos_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
