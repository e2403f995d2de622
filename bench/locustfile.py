"""The simulated users of the load test (started by bench/load.py, not on its own).

Each simulated user takes one of the prepared synthetic coordinators (session cookie and
pages) and opens pages from the mix without pause: a closed loop, so the number measured is
the throughput the server sustains with this many requests in flight. Anything but a 200 is
an error, redirects included (a redirect to the login or MFA page would be a broken session).
"""

import itertools
import json
import os
import random

from locust import FastHttpUser, constant, task

with open(os.environ["SAMENSPEL_BENCH_USERS"]) as handle:
    _CONFIG = json.load(handle)
_NEXT = itertools.count()


class Colleague(FastHttpUser):
    wait_time = constant(0)

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
        with self.client.get(
            self.urls[index],
            name=self.keys[index],
            headers={"Cookie": self.cookie},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
