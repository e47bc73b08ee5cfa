"""A classroom server started as a process (``python -m game serve``) and a student's or
teacher's browser session over plain HTTP (httpx), for the classroom tests and the benchmark."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "scenarios" / "challenges"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``python -m game serve`` on localhost; ``stop()`` sends Ctrl+C, ``kill()`` sends SIGKILL."""

    def __init__(self, db: str, home: Path, port: int | None = None) -> None:
        self.db, self.home = db, home
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.output = ""

    def start(self, timeout: float = 60) -> Server:
        env = dict(os.environ, COLLECTIVE_SECURITY_HOME=str(self.home), PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "game", "serve", "--host", "127.0.0.1",
                                      "--port", str(self.port), "--db", self.db],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                                     cwd=str(REPO))
        deadline = time.monotonic() + timeout
        lines = []
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server stopped:\n" + "".join(lines))
            lines.append(line)
            if line.startswith("Stop with Ctrl+C"):
                break
        self.output = "".join(lines)
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not listen:\n" + self.output)

    @property
    def codes(self) -> list[str]:
        return re.findall(r"class code (\w+)", self.output)

    @property
    def key(self) -> str:
        match = re.search(r"\?key=([\w-]+)", self.output)
        assert match, self.output
        return match.group(1)

    def stop(self) -> int:
        """Ctrl+C; returns the exit status."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGINT)
        try:
            rest, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        self.output += rest or ""
        return self.proc.returncode

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()  # SIGKILL: no chance to clean up
        self.proc.wait(timeout=30)
        if self.proc.stdout:
            self.proc.stdout.close()


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Session:
    """One browser: cookies kept, the form token taken from the pages."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, follow_redirects=True, timeout=60)
        self.csrf = ""

    def get(self, path: str, **kw) -> httpx.Response:
        r = self.client.get(path, **kw)
        found = CSRF.search(r.text)
        if found:
            self.csrf = found.group(1)
        return r

    def post(self, path: str, data: dict | None = None, **kw) -> httpx.Response:
        if not self.csrf:
            self.get("/")
        r = self.client.post(path, data={"csrf": self.csrf, **(data or {})}, **kw)
        found = CSRF.search(r.text)
        if found:
            self.csrf = found.group(1)
        return r

    def close(self) -> None:
        self.client.close()


def join(url: str, code: str, name: str) -> Session:
    s = Session(url)
    s.get("/")
    r = s.post("/join", {"code": code, "name": name})
    assert r.status_code == 200 and str(r.url).endswith("/me"), r.text[:500]
    return s


def teacher(url: str, key: str) -> Session:
    s = Session(url)
    r = s.get(f"/teacher?key={key}")
    assert r.status_code == 200, r.text[:300]
    return s


def upload(t: Session, class_id: int, path: Path, name: str | None = None) -> httpx.Response:
    t.get(f"/teacher/class/{class_id}")
    return t.client.post(f"/teacher/class/{class_id}/upload", data={"csrf": t.csrf},
                         files={"file": (name or path.name, path.read_bytes())})


def challenge_id_of(uploaded: httpx.Response) -> int:
    """The id of the challenge an upload added (its results page is linked from the answer)."""
    found = re.search(r'/teacher/challenge/(\d+)"', uploaded.text)
    assert found, uploaded.text[:500]
    return int(found.group(1))


OPTION = re.compile(r'name="option" id="g?opt-\d+" value="([^"]+)"\s+required')


def options(page: str) -> list[str]:
    """The option ids a page offers (legal ones: disabled ones carry 'disabled')."""
    return OPTION.findall(page)


WORKING = "This page reloads itself"  # an attempt's page while a worker applies the last choice


def settled(s: Session, r: httpx.Response, timeout: float = 60) -> httpx.Response:
    """The attempt's page once the engine has applied the last choice (as the browser, which
    reloads the 'working' page until then)."""
    deadline = time.monotonic() + timeout
    while WORKING in r.text and time.monotonic() < deadline:
        time.sleep(0.1)
        r = s.get(r.url.path)
    assert WORKING not in r.text, "the attempt's page kept saying that the engine is working"
    return r


def results_page(t: Session, challenge_id: int, timeout: float = 60) -> str:
    """The teacher's results page once every finished result has been re-run (it never waits)."""
    deadline = time.monotonic() + timeout
    page = t.get(f"/teacher/challenge/{challenge_id}").text
    while "Being re-run" in page and time.monotonic() < deadline:
        time.sleep(0.2)
        page = t.get(f"/teacher/challenge/{challenge_id}").text
    return page


def play_challenge(s: Session, challenge_id: int, pick=lambda opts, i: opts[0], words: str = "") -> str:
    """Play a challenge to its end; returns the attempt's path."""
    r = settled(s, s.post(f"/challenge/{challenge_id}/start"))
    path = r.url.path
    for i in range(200):
        if "Your result" in r.text:
            return path
        opts = options(r.text)
        assert opts, r.text[:3000]
        r = s.post(f"{path}/choose", {"option": pick(opts, i),
                                      "justification": words or "Because this keeps our options open for now"})
        assert r.status_code == 200, r.text[:1000]
        r = settled(s, r)
    raise AssertionError("the challenge did not end")
