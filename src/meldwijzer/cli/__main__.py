import sys

from meldwijzer.cli import main

sys.exit(main())
