"""The project's settings as on a developer's machine, for the test suite.

Debug is off unless DJANGO_DEBUG=1 says otherwise, and pytest-django reads the settings before
any conftest could set the environment, so the suite sets it here (an explicit DJANGO_DEBUG=0
still wins). pytest-django then runs the tests themselves with DEBUG off, as Django's runner does.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from newsroom.settings import *  # noqa: E402, F403
