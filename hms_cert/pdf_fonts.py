"""One WeasyPrint font configuration per process (and thread), shared by every PDF it renders.

Given no ``font_config``, WeasyPrint makes a new ``FontConfiguration`` for each document: a
fontconfig configuration loaded from the system's font cache, handed to a new Pango font
map. With the Pango (1.50) and fontconfig (2.14) of Debian 12 the pair is not freed with the
document: about 0.2 MB of native memory stays behind per render. It is not Python objects
(tracemalloc does not see it) nor free memory held by the allocator (``malloc_trim`` gives
none of it back), so a gunicorn worker that issues certificates (two renders each) grew for
as long as it lived: +21 % in three minutes of the soak (``bench.soak``, docs/benchmarks.md).

Rendering with one configuration per process finds the fonts once and keeps them: memory
stays flat after the first render, and the loading is no longer paid per document (about a
quarter of a certificate's rendering CPU). The configuration's own caches (struts, font
features) are keyed by the styles used, so they stop growing once every style was seen; no
template here has ``@font-face``, which would add font files to it.

One per process *and thread*: a Pango font map is not safe to share between threads
(``make run``'s development server renders in a thread per request; gunicorn's sync
workers have one), and one made before a fork (gunicorn preloads the application) must not
be used by the children, so the owner's process id is checked too.
"""

from __future__ import annotations

import os
import threading

_local = threading.local()


def font_configuration():
    """This process's and thread's WeasyPrint ``FontConfiguration``, made on first use."""
    if getattr(_local, "pid", None) != os.getpid():
        # Imported here: WeasyPrint takes most of a second to load (see certificates/pdf.py).
        from weasyprint.text.fonts import FontConfiguration

        _local.config = FontConfiguration()
        _local.pid = os.getpid()
    return _local.config
