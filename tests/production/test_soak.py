"""The soak section's parts: the traffic mix and the workers' memory reading."""

import os
import subprocess
import sys

from bench.soak import _mix, _workers_rss_kb


def test_the_mix_takes_every_page_with_its_cookie():
    site = {
        "pages": {"verification": ["/verifiser/a/", "/verifiser/b/"], "portfolio": "/p/"},
        "cookies": {"portfolio": "sessionid=x"},
    }
    assert _mix(site) == [
        ("/verifiser/a/", None),
        ("/verifiser/b/", None),
        ("/p/", "sessionid=x"),
    ]


def test_the_memory_of_the_children_is_summed():
    before = _workers_rss_kb(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        # the child is a Python process with memory of its own
        assert _workers_rss_kb(os.getpid()) > before
    finally:
        child.kill()
        child.wait()
