"""factory_boy factories, one module per app (each app's owner keeps its own module).
Faker speaks Dutch; nothing here is a real person or a real BSN.

Import from here: `from tests.factories import make_user, FamilyFactory`.
"""

from tests.factories.accounts import *  # noqa: F403
from tests.factories.families import *  # noqa: F403
from tests.factories.network import *  # noqa: F403
from tests.factories.plans import *  # noqa: F403
from tests.factories.trajectories import *  # noqa: F403
