"""``python -m game serve``: open the store, build the app, print the addresses, serve.

uvicorn serves the app in this process; Ctrl+C (SIGINT) or SIGTERM stops it cleanly: it
finishes the requests under way, then the store is closed. Nothing needs saving at that
point, since every change was committed when it was made.
"""

from __future__ import annotations

import os
import socket
import sys
from typing import TextIO

from .app import create_app
from .state import Classroom
from .store import Store, database_url
from .workers import Engines


def lan_address(host: str) -> str:
    """The address other machines on the network reach this one by (no packet is sent)."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    for info in infos:
        address = str(info[4][0])
        if not address.startswith("127."):
            return address
    return "127.0.0.1"


def describe_db(url: str) -> str:
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"  # never print a password


def serve(host: str = "0.0.0.0", port: int = 8000, db: str | None = None, out: TextIO = sys.stdout) -> int:
    import uvicorn

    url = database_url(db)
    store = Store(url)
    room = Classroom(store, Engines(processes=min(2, os.cpu_count() or 1)))
    public = f"http://{lan_address(host)}:{port}"
    app = create_app(room, public)
    print(f"Collective Security classroom server (data: {describe_db(url)})", file=out)
    print(f"Students: open {public}/ and type the class code:", file=out)
    for klass in store.list_classes():
        print(f"  {klass.name}: class code {klass.code}", file=out)
    print(f"Teacher: {public}/teacher?key={room.teacher_key}", file=out)
    print("Stop with Ctrl+C; starting again resumes every class, game and result.", file=out, flush=True)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=5, limit_concurrency=400)
    try:
        uvicorn.Server(config).run()  # on Ctrl+C it finishes the requests under way, then returns or
    finally:                          # re-raises KeyboardInterrupt (exit status 130, as everywhere)
        room.close()
        print("Server stopped.", file=out, flush=True)
    return 0
