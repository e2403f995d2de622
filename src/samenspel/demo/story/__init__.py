"""The demo story, one module per app, loaded in this order by `demo.loader.load_demo`.

Each module has `load(logins: dict[str, User]) -> None` (logins by e-mail address) and must be
deterministic and idempotent: running the demo twice leaves the same state. Each app's owner
keeps its own module; cross-app links go through the objects the earlier steps created.
"""

STEPS = (
    "network",
    "families",
    "trajectories",
    "plans",
    "portal",
    "knowledge",
    "collaboration",
    "insight",
    "api",
)
