import sys

from repwatch.cli import main

sys.exit(main())
