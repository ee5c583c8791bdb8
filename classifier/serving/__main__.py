"""``python -m classifier.serving``: the model service (Ray Serve behind the token gate)."""

import sys

from classifier.serving.app import main

sys.exit(main())
