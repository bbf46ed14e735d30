"""``python -m boost_qa.testing.hub --port N [--storage DIR] [--token T]``."""

import sys

from boost_qa.testing.hub.server import main

sys.exit(main())
