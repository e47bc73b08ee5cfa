"""The web application (Starlette): students' pages, the class game, the teacher's dashboard.

Pages are server-side Jinja2 templates with autoescaping on (assets/classroom/templates);
the only script is htmx (assets/classroom/static), which refreshes the live parts by
polling. Every form works without script too. Handlers parse the request, then do the
work (the database and the engine) in a worker thread.
"""

from __future__ import annotations

import contextlib
import io
import json
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import resources
from ..challenges.play import reflow
from ..transcript import long_date
from . import svgmap
from .classgame import option_text
from .security import CSRF_COOKIE, Guard, new_token, same
from .state import Classroom, Refused, student_name

STUDENT_COOKIE = "cs_student"
TEACHER_COOKIE = "cs_teacher"
POLL = "every 2s"
# How long an attempt's page waits for the worker applying the student's last choice before it
# answers "working it out" and reloads itself: a page answers quickly even when the engine is busy.
WAIT_FOR_ENGINE = 0.05
RELOAD_SECONDS = 1  # the working page's own reload, for a browser without scripts
READY_POLL = "every 250ms"  # with scripts, the working page asks this often whether the engine is done


def templates() -> Environment:
    # auto_reload off: the templates are part of the installed game, not edited while it serves,
    # so a page need not look at each template file's date on every request.
    env = Environment(loader=FileSystemLoader(str(resources.asset("classroom", "templates"))),
                      autoescape=select_autoescape(default=True, default_for_string=True), auto_reload=False)
    env.globals["long_date"] = long_date
    env.globals["POLL"] = POLL
    env.globals["RELOAD_SECONDS"] = RELOAD_SECONDS
    env.globals["READY_POLL"] = READY_POLL
    env.filters["paragraphs"] = lambda text: [p for p in reflow(text or "").split("\n\n") if p]
    env.filters["points"] = points
    return env


class Web:
    def __init__(self, room: Classroom, public_url: str = "") -> None:
        self.room = room
        self.env = templates()
        # Compiled now, not by the first request of each kind (about 50 ms for the game's page,
        # while a class is arriving at it all at once).
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)
        self.public_url = public_url  # http://LAN-ADDRESS:PORT, for links and QR codes
        # What every player of a class game sees is the same until the game's version changes:
        # it is built (map SVG, chronicle, timeline, debrief) once per version, not per poll.
        self._views: dict[int, tuple[str, dict]] = {}
        self._live_html: dict[int, tuple[tuple, str]] = {}
        self._results_html: dict[int, tuple[str, str]] = {}  # challenge -> (ETag, its live table)
        self._views_lock = threading.Lock()

    # ---------------------------------------------------------------- helpers
    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        token = request.cookies.get(CSRF_COOKIE) or new_token()
        context.setdefault("title", "Collective Security")
        html = self.env.get_template(template).render(csrf=token, request=request, **context)
        response = HTMLResponse(html, status_code=status)
        if request.cookies.get(CSRF_COOKIE) != token:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        return response

    def fragment(self, name: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**context))

    def message(self, request: Request, text: str, status: int = 400, back: str = "/") -> HTMLResponse:
        return self.page(request, "message.html", status=status, text=text, back=back, title="Not possible")

    async def form(self, request: Request) -> dict[str, str]:
        """The posted form, after the cross-site check (its token must match the cookie)."""
        form = await request.form(max_files=1, max_fields=50, max_part_size=600_000)
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        if not same(values.get("csrf"), request.cookies.get(CSRF_COOKIE)):
            raise Refused("this form has expired or came from another site: reload the page and try again")
        return values

    async def act(self, request: Request, work: Callable[[dict[str, str]], str], back: str) -> Response:
        """A POST: the checked form, then ``work(form)`` in a worker thread (the database and
        the engine), which returns where to go next; a :class:`Refused` is shown with a way back."""
        try:
            form = await self.form(request)
            target = await run_in_threadpool(work, form)
        except Refused as exc:
            return self.message(request, str(exc), back=back)
        return RedirectResponse(target, 303)

    def student(self, request: Request) -> Any:
        return self.room.student(request.cookies.get(STUDENT_COOKIE, ""))

    def signed_in(self, request: Request) -> Any:
        """The student of this browser, or Refused."""
        student = self.student(request)
        if student is None:
            raise Refused("join your class first")
        return student

    def teacher(self, request: Request) -> bool:
        key = request.query_params.get("key") or request.cookies.get(TEACHER_COOKIE)
        return same(key, self.room.teacher_key)

    # ================================================================ students
    async def home(self, request: Request) -> Response:
        # Without a session cookie there is no student to look up: answer at once.
        student = await run_in_threadpool(self.student, request) if request.cookies.get(STUDENT_COOKIE) else None
        if student is not None and not request.query_params.get("code"):
            return RedirectResponse("/me", 303)
        return self.page(request, "join.html", code=request.query_params.get("code", "")[:12],
                         title="Join your class")

    async def join(self, request: Request) -> Response:
        try:
            form = await self.form(request)
        except Refused as exc:
            return self.message(request, str(exc))
        code, name = form.get("code", "").strip().upper()[:12], student_name(form.get("name", ""))
        if not name:
            return self.page(request, "join.html", code=code, error="Please type your name.", status=400)
        room = await run_in_threadpool(self.room.store.class_by_code, code)
        if room is None:
            return self.page(request, "join.html", code=code, name=name, status=400,
                             error="There is no class with that code: check it on the board.")
        student = await run_in_threadpool(self.room.store.add_student, room.id, name)
        response = RedirectResponse("/me", 303)
        response.set_cookie(STUDENT_COOKIE, student.token, httponly=True, samesite="lax", max_age=60 * 60 * 24 * 30)
        return response

    async def me(self, request: Request) -> Response:
        def work() -> dict | None:
            student = self.student(request)
            if student is None:
                return None
            store = self.room.store
            room = store.class_by_id(student.class_id)
            rows = []
            for c in store.class_challenges(student.class_id, only_open=True):
                attempt = store.attempt_for(student.id, c.id)
                state = "not started" if attempt is None else ("finished" if attempt.result else "playing")
                rows.append({"id": c.id, "title": c.title, "state": state})
            games = [{"id": g.id, "title": g.title, "status": g.status} for g in store.class_games(student.class_id)]
            return dict(student=student, room=room, challenges=rows, games=games)

        context = await run_in_threadpool(work)
        if context is None:
            return RedirectResponse("/", 303)
        return self.page(request, "me.html", title="Your class", **context)

    async def challenge_page(self, request: Request) -> Response:
        challenge_id = int(request.path_params["cid"])

        def work() -> dict | None:
            student = self.student(request)
            if student is None:
                return None
            row, challenge = self.room.challenge(challenge_id)
            if row.class_id != student.class_id or not row.is_open:
                raise Refused("this challenge is not open for your class")
            attempt = self.room.store.attempt_for(student.id, challenge_id)
            return dict(challenge=challenge, row=row, attempt=attempt, briefing=briefing(challenge))

        try:
            context = await run_in_threadpool(work)
        except Refused as exc:
            return self.message(request, str(exc), back="/me")
        if context is None:
            return RedirectResponse("/", 303)
        return self.page(request, "challenge.html", title=context["challenge"].title, **context)

    async def challenge_start(self, request: Request) -> Response:
        challenge_id = int(request.path_params["cid"])

        def work(form: dict[str, str]) -> str:
            student = self.signed_in(request)
            row, challenge = self.room.challenge(challenge_id)
            if row.class_id != student.class_id or not row.is_open:
                raise Refused("this challenge is not open for your class")
            return f"/attempt/{self.room.store.start_attempt(student.id, challenge_id, challenge.seed or 0)}"

        return await self.act(request, work, back="/me")

    def own_attempt(self, request: Request, attempt_id: int) -> tuple[Any, Any, Any]:
        """(student, attempt row, challenge) of this browser's own attempt, or Refused."""
        student = self.signed_in(request)
        row, challenge = self.room.attempt(attempt_id)
        if row.student_id != student.id:
            raise Refused("this is not your attempt")  # a student sees only their own work
        return student, row, challenge

    def student_graded(self, row: Any) -> Any:
        """A finished attempt as graded, or, while a worker is still re-running it, the result as
        stored marked so (a student's page does not wait for the class's grading)."""
        if row.result is None:
            return None
        return self.room.graded_attempt(row, wait=False) or Checking(json.loads(row.result))

    async def attempt_page(self, request: Request) -> Response:
        attempt_id = int(request.path_params["aid"])

        def work() -> dict:
            student, row, challenge = self.own_attempt(request, attempt_id)
            made = self.room.attempt_view(row, wait=WAIT_FOR_ENGINE)
            view = showable(made, row)
            if view is None:
                return dict(row=row, challenge=challenge, working=True, over=made is not None)
            return attempt_context(row, challenge, view, student, self.student_graded(row))

        try:
            context = await run_in_threadpool(work)
        except Refused as exc:
            return self.message(request, str(exc), back="/me")
        if context.get("working"):  # the engine is still on it: this page reloads itself in a moment
            return self.page(request, "attempt_working.html", title=context["challenge"].title, **context)
        return self.page(request, "attempt.html", title=context["challenge"].title, **context)

    async def attempt_ready(self, request: Request) -> Response:
        """Whether the working page can show the next card or the result: 204 while the engine is
        on it, else an answer that tells htmx to reload the page (sooner than its own reload)."""
        attempt_id = int(request.path_params["aid"])

        def ready() -> bool:
            _, row, _ = self.own_attempt(request, attempt_id)
            return showable(self.room.attempt_view(row, wait=0), row) is not None

        try:
            done = await run_in_threadpool(ready)
        except Refused:
            return Response(status_code=403)  # not this browser's attempt: nothing about it
        return Response(status_code=200, headers={"HX-Refresh": "true"}) if done else Response(status_code=204)

    async def attempt_choose(self, request: Request) -> Response:
        attempt_id = int(request.path_params["aid"])

        def work(form: dict[str, str]) -> str:
            student, _, _ = self.own_attempt(request, attempt_id)
            self.room.choose(attempt_id, student, form.get("option", ""), form.get("justification", "")[:4000])
            return f"/attempt/{attempt_id}"

        return await self.act(request, work, back=f"/attempt/{attempt_id}")

    async def attempt_rewind(self, request: Request) -> Response:
        attempt_id = int(request.path_params["aid"])

        def work(form: dict[str, str]) -> str:
            self.own_attempt(request, attempt_id)
            self.room.rewind(attempt_id, number(form, "keep"))
            return f"/attempt/{attempt_id}"

        return await self.act(request, work, back=f"/attempt/{attempt_id}")

    async def attempt_result(self, request: Request) -> Response:
        attempt_id = int(request.path_params["aid"])
        try:
            _, row, challenge = await run_in_threadpool(self.own_attempt, request, attempt_id)
        except Refused as exc:
            return self.message(request, str(exc), back="/me")
        return result_download(row, challenge)

    async def attempt_card(self, request: Request) -> Response:
        attempt_id = int(request.path_params["aid"])
        try:
            _, row, challenge = await run_in_threadpool(self.own_attempt, request, attempt_id)
            graded = await run_in_threadpool(self.student_graded, row)
        except Refused as exc:
            return self.message(request, str(exc), back="/me")
        if graded is None:
            return self.message(request, "the report card is ready when the challenge is finished",
                                back=f"/attempt/{attempt_id}")
        return self.page(request, "card.html", title="Report card",
                         cards=[card_context(challenge, graded, for_student=True)])

    # ============================================================ class games
    async def game_page(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])
        def work() -> dict:
            context = self.game_context(request, game_id)
            context["live_html"] = self.live_html(game_id, context)
            return context

        try:
            context = await run_in_threadpool(work)
        except Refused as exc:
            return self.message(request, str(exc), back="/me")
        return self.page(request, "game.html", title=context["row"].title, **context)

    def game_context(self, request: Request, game_id: int) -> dict:
        student = self.student(request)
        if student is None:
            raise Refused("join your class first")
        self.room.tick(game_id)
        context = self.shared_view(game_id)
        if context["row"].class_id != student.class_id:
            raise Refused("this game belongs to another class")
        seat = next((s for s in context["seats"] if s.student_id == student.id), None)
        context.update(student=student, seat=seat)
        power = seat.power if seat is not None else None
        if power in context["waiting"]:
            context["choices"] = context["choices_by_power"][power]
            context["earlier"] = context["earlier_by_power"].get(power, ())
        context["mine_key"] = self.mine_key(context, power)
        return context

    def shared_view(self, game_id: int) -> dict:
        """game_context() of the game, kept per version (a copy: callers add their own parts).

        Built under the game's own lock, so never from a game the engine is applying a decision
        to (a poll read one half-changed once and failed); every player's own part (their
        choices, their decision part's key) is then taken from it, never from the game in play."""
        version = self.room.version(game_id)
        with self._views_lock:
            kept = self._views.get(game_id)
        if kept is None or kept[0] != version:
            # One thread builds it; the others asking at the same moment (a class whose game has
            # just started or moved on) wait for that one rather than each build it too.
            with self.room.lock(f"game:{game_id}"):
                version = self.room.version(game_id)  # no change is under way while the lock is held
                with self._views_lock:
                    kept = self._views.get(game_id)
                if kept is None or kept[0] != version:
                    row, live = self.room.live_game(game_id)
                    kept = (version, game_context(self.room, row, live))
                    with self._views_lock:
                        self._views[game_id] = kept
        context = dict(kept[1], version=kept[0])
        if context["decision"] is not None:
            fresh = self.room.game_row(game_id)  # the time limit's clock is not part of the version
            context["deadline"] = deadline(fresh) if fresh is not None else None
        return context

    def mine_key(self, context: dict, power: str | None) -> str:
        """Changes exactly when what this student may do changes: the decision part is replaced
        only then, so a justification being typed is never wiped by another player's move."""
        row = context["row"]
        if context["live"] is None:
            return f"{self.room.boot}-{row.status}"
        acts = power is not None and power in context["waiting"]
        return f"{self.room.boot}-{row.status}-{context['open_key']}-{acts}-{context['over']}"

    async def game_live(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])
        try:
            def work() -> dict | None:
                self.room.tick(game_id)
                if request.query_params.get("v") == self.room.version(game_id):
                    return None
                return self.game_context(request, game_id)

            context = await run_in_threadpool(work)
        except Refused:
            return Response(status_code=204)
        if context is None:
            return Response(status_code=204)  # nothing changed: htmx keeps the page as it is
        return HTMLResponse(self.live_html(game_id, context))

    def live_html(self, game_id: int, context: dict) -> Markup:
        """The live part of a class game's page, the same for every player: rendered once per
        version and clock, for the polls and for each player's full page."""
        key = (context["version"], context["deadline"], context["row"].status)
        with self._views_lock:
            kept = self._live_html.get(game_id)
        if kept is None or kept[0] != key:
            with self.room.lock(f"live:{game_id}"):  # one renders it; the class asking at once waits
                with self._views_lock:
                    kept = self._live_html.get(game_id)
                if kept is None or kept[0] != key:
                    kept = (key, self.env.get_template("game_live.html").render(**context))
                    with self._views_lock:
                        self._live_html[game_id] = kept
        return Markup(kept[1])

    async def game_mine(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])
        try:
            def work() -> dict | None:
                context = self.game_context(request, game_id)  # one reading, its key included
                return None if request.query_params.get("k") == context["mine_key"] else context

            context = await run_in_threadpool(work)
        except Refused:
            return Response(status_code=204)
        if context is None:
            return Response(status_code=204)
        return self.fragment("_mine.html", csrf=request.cookies.get(CSRF_COOKIE, ""), **context)

    async def game_seat(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])

        def work(form: dict[str, str]) -> str:
            self.room.take_seat(game_id, self.signed_in(request), form.get("power", ""))
            return f"/game/{game_id}"

        return await self.act(request, work, back=f"/game/{game_id}")

    async def game_decide(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])

        def work(form: dict[str, str]) -> str:
            self.room.vote(game_id, self.signed_in(request), form.get("option", ""),
                           form.get("justification", "")[:2000])
            return f"/game/{game_id}"

        return await self.act(request, work, back=f"/game/{game_id}")

    # ================================================================ teacher
    def teacher_only(self, handler: Callable) -> Callable:
        async def guarded(request: Request) -> Response:
            if not self.teacher(request):
                return self.page(request, "message.html", status=403, title="Teacher's key needed", back="/",
                                 text="This page is for the teacher: open the teacher's address printed by "
                                      "'python -m game serve' (it ends with ?key=...).")
            try:
                response = await handler(request)
            except Refused as exc:
                return self.message(request, str(exc), back="/teacher")
            if request.query_params.get("key"):
                # The key moves into a cookie for this path only, and out of the address bar.
                response.set_cookie(TEACHER_COOKIE, self.room.teacher_key, httponly=True, samesite="strict",
                                    path="/teacher")
            return response
        return guarded

    async def teacher_home(self, request: Request) -> Response:
        classes = await run_in_threadpool(self.room.store.list_classes)
        if request.query_params.get("key"):
            response: Response = RedirectResponse("/teacher", 303)
            return response
        rows = [{"row": c, "url": self.join_url(c.code), "qr": qr_svg(self.join_url(c.code))} for c in classes]
        return self.page(request, "teacher_home.html", title="Teacher", classes=rows, address=self.public_url)

    def join_url(self, code: str) -> str:
        return f"{self.public_url}/?code={code}"

    async def teacher_new_class(self, request: Request) -> Response:
        def work(form: dict[str, str]) -> str:
            return f"/teacher/class/{self.room.store.create_class(student_name(form.get('name', '')) or 'My class').id}"

        return await self.act(request, work, back="/teacher")

    async def teacher_class(self, request: Request) -> Response:
        class_id = int(request.path_params["klass"])

        def work() -> dict:
            store = self.room.store
            room = store.class_by_id(class_id)
            if room is None:
                raise Refused("no such class")
            challenges = store.class_challenges(class_id)
            students = store.class_students(class_id)
            started = {}
            for c in challenges:
                names = {r.student_id for r in store.challenge_attempts(c.id)}
                started[c.id] = [s.name for s in students if s.id not in names]
            scenarios = {}
            for name in self.room.scenarios():
                try:
                    scenarios[name] = self.room.spec(name)
                except Exception:  # noqa: BLE001 - a broken scenario of the teacher's is left out
                    continue
            return dict(room=room, challenges=challenges, students=students, not_started=started,
                        games=store.class_games(class_id), scenarios=scenarios, url=self.join_url(room.code),
                        qr=qr_svg(self.join_url(room.code)))

        context = await run_in_threadpool(work)
        context["diagnostics"] = request.query_params.get("problems")
        return self.page(request, "teacher_class.html", title=context["room"].name, **context)

    async def teacher_upload(self, request: Request) -> Response:
        class_id = int(request.path_params["klass"])
        form = await request.form(max_files=1, max_fields=5, max_part_size=600_000)
        if not same(str(form.get("csrf", "")), request.cookies.get(CSRF_COOKIE)):
            raise Refused("this form has expired: reload the page and try again")
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Refused("choose a challenge file (.yaml) to upload")
        data = await upload.read(600_001)
        from .challenges import MAX_CHALLENGE_BYTES, safe_filename

        if len(data) > MAX_CHALLENGE_BYTES:
            raise Refused(f"the file is larger than {MAX_CHALLENGE_BYTES // 1000} KB")
        filename = safe_filename(upload.filename or "challenge.yaml")

        def work() -> tuple[list, int | None]:
            if self.room.store.class_by_id(class_id) is None:
                raise Refused("no such class")
            challenge, diagnostics = self.room.library.check(filename, data)
            if challenge is None:
                return diagnostics, None
            text = data.decode("utf-8")
            new_id = self.room.store.add_challenge(class_id, filename, text, challenge.sha256, challenge.title)
            self.room.prepare_challenge(new_id)
            return diagnostics, new_id

        diagnostics, new_id = await run_in_threadpool(work)
        room = await run_in_threadpool(self.room.store.class_by_id, class_id)
        return self.page(request, "upload.html", title="Upload", room=room, filename=filename,
                         diagnostics=[str(d) for d in diagnostics], new_id=new_id)

    async def teacher_challenge_open(self, request: Request) -> Response:
        challenge_id = int(request.path_params["cid"])

        def work(form: dict[str, str]) -> str:
            row = self.room.store.challenge(challenge_id)
            if row is None:
                raise Refused("no such challenge")
            self.room.store.set_challenge_open(challenge_id, form.get("open") == "1")
            if form.get("open") == "1":
                self.room.prepare_challenge(challenge_id)
            return f"/teacher/class/{row.class_id}"

        return await self.act(request, work, back="/teacher")

    async def teacher_results(self, request: Request) -> Response:
        """The results of a challenge; the live table (polled) is rendered once per version of
        it and answered 304 when the browser has that version already (ETag)."""
        challenge_id = int(request.path_params["cid"])
        if not request.headers.get("hx-request"):
            context = await run_in_threadpool(self.results_context, challenge_id)
            return self.page(request, "teacher_results.html", title=context["challenge"].title, **context)

        def work() -> tuple[str, str | None]:
            etag = f'"{self.room.results_version(challenge_id)}"'
            if request.headers.get("if-none-match") == etag:
                return etag, None
            with self._views_lock:
                kept = self._results_html.get(challenge_id)
            if kept is not None and kept[0] == etag:
                return kept
            html = self.env.get_template("results_table.html").render(**self.results_context(challenge_id))
            with self._views_lock:
                self._results_html[challenge_id] = (etag, html)
            return etag, html

        etag, html = await run_in_threadpool(work)
        headers = {"etag": etag, "cache-control": "no-cache"}
        if html is None:
            return Response(status_code=304, headers=headers)
        return HTMLResponse(html, headers=headers)

    def results_context(self, challenge_id: int) -> dict:
        row, challenge = self.room.challenge(challenge_id)
        challenge, graded, checking, playing = self.room.results_now(challenge_id)
        store = self.room.store
        attempts = {r.id: r for r in store.challenge_attempts(challenge_id)}
        by_file = {}
        from .challenges import result_filename

        for a in attempts.values():
            by_file[result_filename(challenge, a.student_name, a.id)] = a.id
        students = store.class_students(row.class_id)
        started = {a.student_id for a in attempts.values()}
        head, cells = grade_table(graded, challenge)
        return dict(row=row, challenge=challenge, graded=graded, by_file=by_file, head=head,
                    table=[(g, c) for g, c in zip(graded, cells)], checking=[a.student_name for a in checking],
                    playing=[{"name": a.student_name, "choices": len(store.attempt_choices(a.id))} for a in playing],
                    not_started=[s.name for s in students if s.id not in started],
                    objective_ids=[o.id for o in challenge.objectives])

    async def teacher_csv(self, request: Request) -> Response:
        challenge_id = int(request.path_params["cid"])

        def work() -> tuple[str, str]:
            from .challenges import grades_csv

            challenge, graded, _ = self.room.grades(challenge_id)
            return grades_csv(graded, challenge), challenge.id

        text, name = await run_in_threadpool(work)
        return Response(text, media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="{name}-grades.csv"'})

    async def teacher_result(self, request: Request) -> Response:
        attempt_id = int(request.path_params["aid"])
        row, challenge = await run_in_threadpool(self.room.attempt, attempt_id)
        return result_download(row, challenge)

    async def teacher_card(self, request: Request) -> Response:
        attempt_id = int(request.path_params["aid"])
        row, challenge = await run_in_threadpool(self.room.attempt, attempt_id)
        graded = await run_in_threadpool(self.room.graded_attempt, row)
        if graded is None:
            raise Refused("this attempt is not finished")
        return self.page(request, "card.html", title="Report card", cards=[card_context(challenge, graded)])

    async def teacher_cards(self, request: Request) -> Response:
        """Every report card of a challenge on one page, to print (as ``grade --cards`` makes one PDF)."""
        challenge_id = int(request.path_params["cid"])
        challenge, graded, _ = await run_in_threadpool(self.room.grades, challenge_id)
        cards = [card_context(challenge, g) for g in graded if g.result is not None and not g.unreadable]
        return self.page(request, "card.html", title=f"Report cards: {challenge.title}", cards=cards)

    async def teacher_new_game(self, request: Request) -> Response:
        class_id = int(request.path_params["klass"])

        def work(form: dict[str, str]) -> str:
            scenario = form.get("scenario", "")
            spec = self.room.spec(scenario)
            preset = form.get("preset", "")
            settings: dict[str, Any] = dict(spec.preset_settings(preset)) if preset in {
                p.id for p in spec.presets} else dict(spec.default_settings())
            for setting in spec.settings:
                value = form.get(f"setting.{setting.id}", "")
                if value:
                    try:
                        settings[setting.id] = setting.check(value)
                    except Exception as exc:  # noqa: BLE001 - InvalidSetting: shown to the teacher
                        raise Refused(str(exc)) from None
            seed_text = form.get("seed", "").strip()
            seed = int(seed_text) if seed_text.isdigit() and len(seed_text) < 18 else secrets.randbelow(1_000_000)
            limit_text = form.get("time_limit", "").strip()
            limit = int(limit_text) if limit_text.isdigit() and 0 < int(limit_text) <= 3600 else None
            others = "history" if form.get("others") == "history" else "ai"
            title = student_name(form.get("title", "")) or f"{spec.title} ({long_date(spec.start)})"
            if self.room.store.class_by_id(class_id) is None:
                raise Refused("no such class")
            game_id = self.room.store.create_game(class_id, title, scenario, settings, seed, others, limit)
            return f"/teacher/game/{game_id}"

        return await self.act(request, work, back=f"/teacher/class/{class_id}")

    async def teacher_game(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])

        def work() -> dict:
            self.room.tick(game_id)
            context = self.shared_view(game_id)
            moves = self.room.store.game_moves(game_id)
            spec = context["spec"]
            # each decision as the players read it: the option's text (its id only beside it)
            context["moves"] = [(m, option_text(spec, m.event, m.power, m.option) if m.option else None)
                                for m in moves]
            return context

        context = await run_in_threadpool(work)
        return self.page(request, "teacher_game.html", title=context["row"].title, **context)

    async def teacher_projector(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])

        def work() -> dict | None:
            self.room.tick(game_id)
            if request.headers.get("hx-request") and request.query_params.get("v") == self.room.version(game_id):
                return None
            return self.shared_view(game_id)

        context = await run_in_threadpool(work)
        if context is None:
            return Response(status_code=204)
        if request.headers.get("hx-request"):
            return self.fragment("projector_live.html", **context)
        return self.page(request, "projector.html", title="Projector", **context)

    async def teacher_start_game(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])

        def work(form: dict[str, str]) -> str:
            self.room.start_game(game_id)
            # Build what every player's page shows now, once, before the whole class asks for it
            # at the same moment (the teacher waits for it instead of thirty students).
            self.live_html(game_id, self.shared_view(game_id))
            return f"/teacher/game/{game_id}"

        return await self.act(request, work, back=f"/teacher/game/{game_id}")

    async def teacher_rewind_game(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])

        def work(form: dict[str, str]) -> str:
            return f"/teacher/game/{self.room.rewind_game(game_id, number(form, 'keep'))}"

        return await self.act(request, work, back=f"/teacher/game/{game_id}")

    async def teacher_let_ai_decide(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])

        def work(form: dict[str, str]) -> str:
            self.room.let_ai_decide(game_id, form.get("power", ""))
            return f"/teacher/game/{game_id}"

        return await self.act(request, work, back=f"/teacher/game/{game_id}")

    async def teacher_whatif(self, request: Request) -> Response:
        game_id = int(request.path_params["gid"])
        form = await self.form(request)

        def work() -> dict:
            from .whatif import what_if

            row, _ = self.room.live_game(game_id)
            return what_if(self.room, row, number(form, "keep"))

        context = await run_in_threadpool(work)
        return self.page(request, "whatif.html", title="What if", **context)

    async def teacher_delete_class(self, request: Request) -> Response:
        class_id = int(request.path_params["klass"])

        def work(form: dict[str, str]) -> str:
            if form.get("confirm") != "yes":
                raise Refused("tick the box to confirm that everything about this class is deleted")
            self.room.forget_class(class_id)
            return "/teacher"

        return await self.act(request, work, back=f"/teacher/class/{class_id}")

    # ------------------------------------------------------------------ routes
    def routes(self) -> list:
        t = self.teacher_only
        return [
            Route("/", self.home),
            Route("/join", self.join, methods=["POST"]),
            Route("/me", self.me),
            Route("/challenge/{cid:int}", self.challenge_page),
            Route("/challenge/{cid:int}/start", self.challenge_start, methods=["POST"]),
            Route("/attempt/{aid:int}", self.attempt_page),
            Route("/attempt/{aid:int}/ready", self.attempt_ready),
            Route("/attempt/{aid:int}/choose", self.attempt_choose, methods=["POST"]),
            Route("/attempt/{aid:int}/rewind", self.attempt_rewind, methods=["POST"]),
            Route("/attempt/{aid:int}/result.json", self.attempt_result),
            Route("/attempt/{aid:int}/card", self.attempt_card),
            Route("/game/{gid:int}", self.game_page),
            Route("/game/{gid:int}/live", self.game_live),
            Route("/game/{gid:int}/mine", self.game_mine),
            Route("/game/{gid:int}/seat", self.game_seat, methods=["POST"]),
            Route("/game/{gid:int}/decide", self.game_decide, methods=["POST"]),
            Route("/teacher", t(self.teacher_home)),
            Route("/teacher/class", t(self.teacher_new_class), methods=["POST"]),
            Route("/teacher/class/{klass:int}", t(self.teacher_class)),
            Route("/teacher/class/{klass:int}/upload", t(self.teacher_upload), methods=["POST"]),
            Route("/teacher/class/{klass:int}/game", t(self.teacher_new_game), methods=["POST"]),
            Route("/teacher/class/{klass:int}/delete", t(self.teacher_delete_class), methods=["POST"]),
            Route("/teacher/challenge/{cid:int}", t(self.teacher_results)),
            Route("/teacher/challenge/{cid:int}/open", t(self.teacher_challenge_open), methods=["POST"]),
            Route("/teacher/challenge/{cid:int}/grades.csv", t(self.teacher_csv)),
            Route("/teacher/result/{aid:int}.json", t(self.teacher_result)),
            Route("/teacher/result/{aid:int}/card", t(self.teacher_card)),
            Route("/teacher/challenge/{cid:int}/cards", t(self.teacher_cards)),
            Route("/teacher/game/{gid:int}", t(self.teacher_game)),
            Route("/teacher/game/{gid:int}/projector", t(self.teacher_projector)),
            Route("/teacher/game/{gid:int}/start", t(self.teacher_start_game), methods=["POST"]),
            Route("/teacher/game/{gid:int}/rewind", t(self.teacher_rewind_game), methods=["POST"]),
            Route("/teacher/game/{gid:int}/whatif", t(self.teacher_whatif), methods=["POST"]),
            Route("/teacher/game/{gid:int}/ai", t(self.teacher_let_ai_decide), methods=["POST"]),
            Mount("/static", StaticFiles(directory=str(resources.asset("classroom", "static"))), name="static"),
        ]


# ---------------------------------------------------------------- page contents
def number(form: dict[str, str], name: str) -> int:
    """A form's whole number (a decision's index), or -1 when it is missing or not a number."""
    text = form.get(name, "")
    return int(text) if text.isdigit() and len(text) < 9 else -1


def briefing(challenge: Any) -> dict:
    spec = challenge.spec
    start = spec.events[challenge.start_index] if challenge.start_index < len(spec.events) else None
    rules = []
    for (event, power, option), reason in challenge.forbidden.items():
        ev = spec.event(event)
        text = next(o.text for o in ev.options[power] if o.id == option)
        rules.append(f"In '{ev.title}' you may not choose: {text} ({reason})")
    rules.append("You may go back to an earlier decision." if challenge.rewind
                 else "You may not go back to an earlier decision.")
    if challenge.justification:
        extra = f" (at least {challenge.min_words} words)" if challenge.min_words else ""
        rules.append(f"At each decision you must write why you chose it{extra}.")
    return {
        "powers": ", ".join(spec.power_name(p) for p in challenge.powers),
        "where": f"{start.title}, {long_date(start.date)}" if start else long_date(challenge.start_day),
        "rules": rules,
    }


def showable(view: dict | None, row: Any) -> dict | None:
    """The attempt's view if its page can show it; None while the engine is still on it (no
    view yet, or the game over and its result not stored yet)."""
    if view is None or (view["over"] and row.result is None):
        return None
    return view


def attempt_context(row: Any, challenge: Any, view: dict, student: Any, graded: Any = None) -> dict:
    """The attempt page: the run's contents (views.run_view), the challenge's rules, and once it
    is finished the result as graded (the verdict in ``grade``'s words)."""
    context: dict[str, Any] = dict(view, row=row, challenge=challenge, student=student,
                                   justification=challenge.justification, min_words=challenge.min_words)
    if graded is not None:
        context.update(card_context(challenge, graded, for_student=True))
    return context


@dataclass
class Checking:
    """A finished result whose re-run is still under way: shown as stored, never as verified."""

    result: dict
    score: float | None = None
    passed: bool | None = None
    accepted: bool = False
    verdict: str = "being checked"
    why: str = "re-run from the seed and choices under way: reload the page in a moment"
    file: str = ""
    unreadable: tuple = ()

    def __post_init__(self) -> None:
        self.score, self.passed = self.result.get("score"), self.result.get("passed")


def grade_table(graded: list, challenge: Any) -> tuple[list[str], list[list[str]]]:
    """The columns and cells of ``grade``'s own table (game/challenges/grade.table), read back
    from its text by the widths its dashed line gives, so the dashboard shows exactly the
    words and columns the teacher's terminal shows."""
    if not graded:
        return ["name", "file", "seed", "score", "pass", "ending", "verdict", "why"], []
    from ..challenges.grade import table

    lines = table(graded, challenge).split("\n")
    spans, start = [], 0
    for dashes in lines[1].split("  "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 2

    def cells(line: str) -> list[str]:
        return [line[a:b].strip() for a, b in spans]

    return cells(lines[0]), [cells(line) for line in lines[2:]]


def graded_result(graded: Any) -> dict:
    """The result as graded: the score and pass are the re-run's, never the file's claim (as the
    desktop's report cards from ``grade --cards``)."""
    result = dict(graded.result)
    if graded.score is not None:
        result["score"] = graded.score
    result["passed"] = bool(graded.passed) and graded.accepted
    return result


def verdict_line(graded: Any, for_student: bool = False) -> str:
    """What the desktop's report card prints under the score when a result is not accepted.
    A student is not told whose result theirs copies (another student's name)."""
    if graded.accepted:
        return ""
    why = "" if for_student and graded.verdict == "copied" else graded.why
    return (f"NOT VERIFIED: {graded.verdict}" + (f" ({why})" if why else ""))[:110]


def card_context(challenge: Any, graded: Any, for_student: bool = False) -> dict:
    """A report card's contents: the desktop's (game/ui/report_card.py), from the graded result."""
    result = graded_result(graded)
    spec = challenge.spec

    def option_text(event: str, power: str, option: str | None) -> str:
        if option is None:
            return "-"
        try:
            return next((o.text for o in spec.event(event).options[power] if o.id == option), option)
        except (KeyError, ValueError):
            return option

    path = []
    for c in result.get("choices", []):
        same_as = c.get("historical") == c.get("option")
        try:
            title = spec.event(c["event"]).title
        except (KeyError, ValueError):
            title = c["event"]
        path.append({"date": c.get("date", ""), "event": title,
                     "chose": option_text(c["event"], c["power"], c.get("option")),
                     "history": "same as history" if same_as else option_text(c["event"], c["power"],
                                                                              c.get("historical")),
                     "same": same_as, "justification": c.get("justification", "")})
    return dict(result=result, card_path=path, card_challenge=challenge, verdict=graded.verdict,
                verdict_line=verdict_line(graded, for_student), card_id=graded.file,
                debrief=challenge.debrief, powers=", ".join(spec.power_name(p) for p in result.get("powers", [])))


def game_context(room: Classroom, row: Any, live: Any) -> dict:
    spec = room.spec(row.scenario)
    seats = room.seats(row.id)
    by_power: dict[str, list[str]] = {}
    for s in seats:
        by_power.setdefault(s.power, []).append(s.name)
    # only the powers a player can play are offered as seats (the window's New game rule)
    playable = [(p.id, p.name) for p in spec.powers if p.playable]
    context: dict[str, Any] = dict(row=row, spec=spec, seats=seats, by_power=by_power, live=live,
                                   powers=playable, waiting=[], legend=svgmap.legend(),
                                   decision=None, deadline=None, open_key=None, over=False, choices_by_power={},
                                   earlier_by_power={})
    if live is None:
        return context
    game = live.game
    decision = live.decision()
    drawn = svgmap.draw(spec, game.snapshot(), f"Map of Europe on {long_date(game.date)}")
    context.update(
        map=Markup(drawn.svg), legend=drawn.legend,
        date=long_date(game.date), decision=decision, waiting=live.waiting(),
        waiting_names=[spec.power_name(p) for p in live.waiting()],
        chronicle=live.chronicle()[:12], timeline=live.timeline(), over=live.is_over(),
        deadline=deadline(row) if decision is not None else None, open_key=live.open_key(),
        # each player's own part, read here with the rest (see App.shared_view)
        choices_by_power={p: live.choices_for(p) for p in live.waiting()},
        earlier_by_power={decision.power: decision.earlier} if decision is not None else {},
    )
    if live.is_over():
        ending = game.ending()
        context.update(ending=ending, path=live.path_beside_history(), history_ending=live.history_ending())
    return context


def points(value: float) -> str:
    """'1 point', '2.5 points': the wording of the terminal and the handout."""
    return f"{value:g} point" + ("" if value == 1 else "s")


def deadline(row: Any) -> int | None:
    """Seconds left for the open event, when the teacher set a time limit."""
    import time

    if not row.time_limit or row.opened_at is None:
        return None
    return max(0, int(row.opened_at + row.time_limit - time.time()))


def result_download(row: Any, challenge: Any) -> Response:
    if row.result is None:
        return PlainTextResponse("The result file is ready when the challenge is finished.", status_code=409)
    from .challenges import result_filename

    result = json.loads(row.result)
    from ..challenges.result import dumps

    name = result_filename(challenge, str(result.get("student", "")), row.id)
    return Response(dumps(result), media_type="application/json",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


def qr_svg(url: str) -> Markup:
    """A QR code of ``url`` as inline SVG (segno, no images fetched)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
                                    title="QR code of the students' address", svgclass="qr", lineclass=None)
    return Markup(buffer.getvalue().decode("utf-8"))


THREADS = 100  # worker threads for requests (anyio's default is 40)


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    # A class joining at once sends dozens of requests that each wait a few milliseconds for
    # the database's write lock: with only 40 threads, a page that needs no database at all
    # waited for one of them to come free.
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    yield


def create_app(room: Classroom, public_url: str = "") -> Any:
    web = Web(room, public_url)
    app = Starlette(routes=web.routes(), lifespan=lifespan)
    return Guard(app)
