"""What the serve benchmarks share: copying a site's sources and starting
`kheo serve` on a free loopback port. Standard library only."""

import os
import re
import shutil
import subprocess
import sys
import threading
import time

SOURCES = ["content", "static", "templates", "themes", "i18n", "site.yaml"]


def copy_site(src, dst):
    """Copies a site's sources (not its output nor its .kheo/ cache)."""
    for name in SOURCES:
        p = os.path.join(src, name)
        if os.path.isdir(p):
            shutil.copytree(p, os.path.join(dst, name))
        elif os.path.isfile(p):
            shutil.copy2(p, os.path.join(dst, name))


def start_server(kheo, site, timeout):
    """Starts `kheo serve` on a free port; returns (process, port, log lines)."""
    proc = subprocess.Popen([os.path.abspath(kheo), "serve", site, "--port", "0"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_COLOR": "1"})
    port, start = None, time.perf_counter()
    while port is None:
        line = proc.stderr.readline()
        if not line:
            proc.kill()
            sys.exit("kheo serve stopped before serving")
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1))
        if time.perf_counter() - start > timeout:
            proc.kill()
            sys.exit(f"kheo serve did not start in {timeout} s")
    log = []
    # Keep reading stderr so the server never blocks on a full pipe.
    threading.Thread(target=lambda: [log.append(l) for l in proc.stderr], daemon=True).start()
    return proc, port, log
