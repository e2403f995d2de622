"""Drill load through the balancer: the bench's page mix, each request with its own id.

Every response is written down (id, page, status, seconds since start), so the drill can
compare what the users were told succeeded with what the database holds afterwards.
"""

import itertools
import json
import os
import random
import time
import uuid

from locust import FastHttpUser, constant, events, task

with open(os.environ["SAMENSPEL_DRILL_USERS"]) as handle:
    _CONFIG = json.load(handle)
_NEXT = itertools.count()
_STARTED = time.time()
_OK: list[dict] = []
_FAILED: list[dict] = []


class Colleague(FastHttpUser):
    wait_time = constant(float(os.environ.get("SAMENSPEL_DRILL_WAIT", "0")))

    def on_start(self) -> None:
        prepared = _CONFIG["users"][next(_NEXT) % len(_CONFIG["users"])]
        self.cookie = f"{prepared['cookie_name']}={prepared['session']}"
        pages = prepared["pages"]
        weights = _CONFIG["weights"]
        self.keys = [key for key in weights if key in pages]
        self.urls = [pages[key] for key in self.keys]
        self.weights = [weights[key] for key in self.keys]
        self.random = random.Random(hash(self.cookie))

    @task
    def open_a_page(self) -> None:
        index = self.random.choices(range(len(self.urls)), weights=self.weights)[0]
        request_id = uuid.uuid4().hex
        with self.client.get(
            self.urls[index],
            name=self.keys[index],
            headers={"Cookie": self.cookie, "X-Request-ID": request_id},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            row = {"id": request_id, "page": self.keys[index], "t": time.time() - _STARTED}
            if response.status_code == 200:
                _OK.append(row)
            else:
                row["status"] = response.status_code
                _FAILED.append(row)
                response.failure(f"HTTP {response.status_code}")


@events.test_start.add_listener
def _announce(**kwargs: object) -> None:
    global _STARTED
    _STARTED = time.time()
    with open(os.environ["SAMENSPEL_DRILL_OUT"] + ".started", "w") as handle:
        handle.write(str(_STARTED))


@events.test_stop.add_listener
def _write_down(**kwargs: object) -> None:
    with open(os.environ["SAMENSPEL_DRILL_OUT"], "w") as handle:
        json.dump({"started": _STARTED, "ok": _OK, "failed": _FAILED}, handle)
