"""Everything the classroom server keeps, through one layer: SQLAlchemy Core over SQLite (the
default, a file in the user data folder) or PostgreSQL (a ``postgresql://`` URL).

Every method that changes something runs in its own transaction and returns only once it is
committed, so whatever the server has acknowledged to a browser survives a ``kill -9``.
SQLite runs in WAL mode with ``synchronous=FULL`` for the same reason.

What is stored (docs/classroom.md says it to teachers): classes (name, code), students
(the name typed, a random session token), challenge files, each attempt's choices with
their justifications and the finished result, class games (scenario, settings, seed) with
every seat and every decision. Deleting a class deletes all of it.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .. import userdirs

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6

metadata = sa.MetaData()

meta = sa.Table("cs_meta", metadata,
                sa.Column("key", sa.String(40), primary_key=True),
                sa.Column("value", sa.Text, nullable=False))

classes = sa.Table("cs_class", metadata,
                   sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                   sa.Column("code", sa.String(12), nullable=False, unique=True),
                   sa.Column("name", sa.String(120), nullable=False),
                   sa.Column("created", sa.Float, nullable=False))

students = sa.Table("cs_student", metadata,
                    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("class_id", sa.Integer, sa.ForeignKey("cs_class.id"), nullable=False, index=True),
                    sa.Column("name", sa.String(120), nullable=False),
                    sa.Column("token", sa.String(64), nullable=False, unique=True),
                    sa.Column("created", sa.Float, nullable=False))

challenges = sa.Table("cs_challenge", metadata,
                      sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                      sa.Column("class_id", sa.Integer, sa.ForeignKey("cs_class.id"), nullable=False, index=True),
                      sa.Column("filename", sa.String(200), nullable=False),
                      sa.Column("text", sa.Text, nullable=False),
                      sa.Column("sha256", sa.String(64), nullable=False),
                      sa.Column("title", sa.String(300), nullable=False),
                      sa.Column("is_open", sa.Boolean, nullable=False),
                      sa.Column("created", sa.Float, nullable=False))

attempts = sa.Table("cs_attempt", metadata,
                    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                    sa.Column("student_id", sa.Integer, sa.ForeignKey("cs_student.id"), nullable=False),
                    sa.Column("challenge_id", sa.Integer, sa.ForeignKey("cs_challenge.id"), nullable=False,
                              index=True),
                    sa.Column("seed", sa.BigInteger, nullable=False),
                    sa.Column("rewinds", sa.Integer, nullable=False, default=0),
                    sa.Column("result", sa.Text, nullable=True),  # the result file's JSON once finished
                    sa.Column("created", sa.Float, nullable=False),
                    sa.Column("finished", sa.Float, nullable=True),
                    sa.UniqueConstraint("student_id", "challenge_id"))

attempt_choices = sa.Table("cs_attempt_choice", metadata,
                           sa.Column("attempt_id", sa.Integer, sa.ForeignKey("cs_attempt.id"), primary_key=True),
                           sa.Column("number", sa.Integer, primary_key=True),
                           sa.Column("event", sa.String(120), nullable=False),
                           sa.Column("power", sa.String(120), nullable=False),
                           sa.Column("option", sa.String(120), nullable=False),
                           sa.Column("justification", sa.Text, nullable=False),
                           sa.Column("date", sa.String(20), nullable=False))

games = sa.Table("cs_game", metadata,
                 sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
                 sa.Column("class_id", sa.Integer, sa.ForeignKey("cs_class.id"), nullable=False, index=True),
                 sa.Column("title", sa.String(200), nullable=False),
                 sa.Column("scenario", sa.String(200), nullable=False),
                 sa.Column("settings", sa.Text, nullable=False),  # JSON
                 sa.Column("seed", sa.BigInteger, nullable=False),
                 sa.Column("others", sa.String(20), nullable=False),  # ai | history
                 sa.Column("time_limit", sa.Integer, nullable=True),  # seconds per event, or none
                 sa.Column("status", sa.String(20), nullable=False),  # lobby | playing
                 sa.Column("opened_at", sa.Float, nullable=True),  # when the open event was first asked
                 sa.Column("opened_key", sa.String(200), nullable=True),  # which event that was
                 sa.Column("parent_id", sa.Integer, nullable=True),  # a rewind: the game it branches from
                 sa.Column("branch_at", sa.Integer, nullable=True),  # ... after this many decisions
                 sa.Column("created", sa.Float, nullable=False))

seats = sa.Table("cs_seat", metadata,
                 sa.Column("game_id", sa.Integer, sa.ForeignKey("cs_game.id"), primary_key=True),
                 sa.Column("student_id", sa.Integer, sa.ForeignKey("cs_student.id"), primary_key=True),
                 sa.Column("power", sa.String(120), nullable=False))

moves = sa.Table("cs_move", metadata,
                 sa.Column("game_id", sa.Integer, sa.ForeignKey("cs_game.id"), primary_key=True),
                 sa.Column("number", sa.Integer, primary_key=True),  # order of arrival
                 sa.Column("event", sa.String(120), nullable=False),
                 sa.Column("power", sa.String(120), nullable=False),
                 sa.Column("option", sa.String(120), nullable=True),  # None: time ran out, the AI decided
                 sa.Column("student_id", sa.Integer, nullable=True),
                 sa.Column("justification", sa.Text, nullable=False),
                 sa.Column("at", sa.Float, nullable=False),
                 sa.UniqueConstraint("game_id", "event", "power"))


def default_db_path() -> Path:
    return userdirs.user_data_dir() / "classroom" / "classroom.sqlite3"


def database_url(value: str | None) -> str:
    """``--db``: nothing (the default file), a path, or a database URL."""
    if not value:
        path = default_db_path()
    elif "://" in value:
        return value
    else:
        path = Path(value).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


def open_engine(url: str) -> Engine:
    """A SQLAlchemy engine; for PostgreSQL the ``psycopg`` (version 3) driver."""
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")  # committed means on disk
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@dataclass(frozen=True)
class ClassRow:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Student:
    id: int
    class_id: int
    name: str
    token: str


class Store:
    """The storage layer: one instance per server, safe to share between threads."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = open_engine(url)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def tx(self) -> Iterator[Connection]:
        """A transaction, committed when the block ends without an error."""
        with self.engine.begin() as connection:
            yield connection

    # ---------------------------------------------------------------- settings
    def setting(self, key: str, make: Callable[[], str]) -> str:
        """The stored value of ``key``, created with ``make()`` the first time."""
        with self.tx() as c:
            value = c.execute(sa.select(meta.c.value).where(meta.c.key == key)).scalar()
            if value is not None:
                return str(value)
            value = make()
            c.execute(meta.insert().values(key=key, value=value))
            return str(value)

    # ----------------------------------------------------------------- classes
    def create_class(self, name: str) -> ClassRow:
        with self.tx() as c:
            taken = set(c.execute(sa.select(classes.c.code)).scalars())
            code = new_code(taken)
            new_id = _new_id(c.execute(classes.insert().values(code=code, name=name, created=time.time())))
        return ClassRow(new_id, code, name)

    def list_classes(self) -> list[ClassRow]:
        with self.tx() as c:
            rows = c.execute(sa.select(classes).order_by(classes.c.id)).all()
        return [ClassRow(r.id, r.code, r.name) for r in rows]

    def class_by_code(self, code: str) -> ClassRow | None:
        with self.tx() as c:
            r = c.execute(sa.select(classes).where(classes.c.code == code.strip().upper())).first()
        return ClassRow(r.id, r.code, r.name) if r else None

    def class_by_id(self, class_id: int) -> ClassRow | None:
        with self.tx() as c:
            r = c.execute(sa.select(classes).where(classes.c.id == class_id)).first()
        return ClassRow(r.id, r.code, r.name) if r else None

    def delete_class(self, class_id: int) -> None:
        """The class and everything stored about it, in one transaction."""
        with self.tx() as c:
            game_ids = sa.select(games.c.id).where(games.c.class_id == class_id)
            c.execute(moves.delete().where(moves.c.game_id.in_(game_ids)))
            c.execute(seats.delete().where(seats.c.game_id.in_(game_ids)))
            c.execute(games.delete().where(games.c.class_id == class_id))
            student_ids = sa.select(students.c.id).where(students.c.class_id == class_id)
            attempt_ids = sa.select(attempts.c.id).where(attempts.c.student_id.in_(student_ids))
            c.execute(attempt_choices.delete().where(attempt_choices.c.attempt_id.in_(attempt_ids)))
            c.execute(attempts.delete().where(attempts.c.student_id.in_(student_ids)))
            c.execute(challenges.delete().where(challenges.c.class_id == class_id))
            c.execute(students.delete().where(students.c.class_id == class_id))
            c.execute(classes.delete().where(classes.c.id == class_id))

    # ---------------------------------------------------------------- students
    def add_student(self, class_id: int, name: str) -> Student:
        token = secrets.token_urlsafe(24)
        with self.tx() as c:
            new_id = _new_id(c.execute(students.insert().values(class_id=class_id, name=name, token=token,
                                                                created=time.time())))
        return Student(new_id, class_id, name, token)

    def student_by_token(self, token: str) -> Student | None:
        if not token or len(token) > 64:
            return None
        with self.tx() as c:
            r = c.execute(sa.select(students).where(students.c.token == token)).first()
        return Student(r.id, r.class_id, r.name, r.token) if r else None

    def class_students(self, class_id: int) -> list[Student]:
        with self.tx() as c:
            rows = c.execute(sa.select(students).where(students.c.class_id == class_id).order_by(students.c.id)).all()
        return [Student(r.id, r.class_id, r.name, r.token) for r in rows]

    # -------------------------------------------------------------- challenges
    def add_challenge(self, class_id: int, filename: str, text: str, sha256: str, title: str) -> int:
        with self.tx() as c:
            return _new_id(c.execute(challenges.insert().values(
                class_id=class_id, filename=filename, text=text, sha256=sha256, title=title, is_open=True,
                created=time.time())))

    def challenge(self, challenge_id: int) -> Any:
        with self.tx() as c:
            return c.execute(sa.select(challenges).where(challenges.c.id == challenge_id)).first()

    def class_challenges(self, class_id: int, only_open: bool = False) -> list[Any]:
        query = sa.select(challenges).where(challenges.c.class_id == class_id)
        if only_open:
            query = query.where(challenges.c.is_open.is_(True))
        with self.tx() as c:
            return list(c.execute(query.order_by(challenges.c.id)).all())

    def set_challenge_open(self, challenge_id: int, is_open: bool) -> None:
        with self.tx() as c:
            c.execute(challenges.update().where(challenges.c.id == challenge_id).values(is_open=is_open))

    # ---------------------------------------------------------------- attempts
    def attempt_for(self, student_id: int, challenge_id: int) -> Any:
        with self.tx() as c:
            return c.execute(sa.select(attempts).where(attempts.c.student_id == student_id,
                                                       attempts.c.challenge_id == challenge_id)).first()

    def start_attempt(self, student_id: int, challenge_id: int, seed: int) -> int:
        """The student's attempt at the challenge (created if it is the first)."""
        with self.tx() as c:
            row = c.execute(sa.select(attempts.c.id).where(attempts.c.student_id == student_id,
                                                           attempts.c.challenge_id == challenge_id)).first()
            if row:
                return int(row.id)
            return _new_id(c.execute(attempts.insert().values(
                student_id=student_id, challenge_id=challenge_id, seed=seed, rewinds=0,
                created=time.time())))

    def attempt(self, attempt_id: int) -> Any:
        with self.tx() as c:
            return c.execute(sa.select(attempts).where(attempts.c.id == attempt_id)).first()

    def attempt_choices(self, attempt_id: int) -> list[Any]:
        with self.tx() as c:
            return list(c.execute(sa.select(attempt_choices).where(attempt_choices.c.attempt_id == attempt_id)
                                  .order_by(attempt_choices.c.number)).all())

    def add_choice(self, attempt_id: int, number: int, event: str, power: str, option: str,
                   justification: str, date: str) -> None:
        with self.tx() as c:
            c.execute(attempt_choices.insert().values(attempt_id=attempt_id, number=number, event=event,
                                                      power=power, option=option, justification=justification,
                                                      date=date))

    def rewind_attempt(self, attempt_id: int, keep: int) -> None:
        with self.tx() as c:
            c.execute(attempt_choices.delete().where(attempt_choices.c.attempt_id == attempt_id,
                                                     attempt_choices.c.number >= keep))
            c.execute(attempts.update().where(attempts.c.id == attempt_id)
                      .values(rewinds=attempts.c.rewinds + 1))

    def finish_attempt(self, attempt_id: int, result: dict) -> str:
        """Store the finished result, once (a result derives from the stored choices: storing it
        again, after a restart say, changes nothing); returns its text as stored."""
        text = json.dumps(result, ensure_ascii=False)
        with self.tx() as c:
            c.execute(attempts.update().where(attempts.c.id == attempt_id, attempts.c.result.is_(None))
                      .values(result=text, finished=time.time()))
            stored = c.execute(sa.select(attempts.c.result).where(attempts.c.id == attempt_id)).scalar()
        return str(stored if stored is not None else text)

    def drop_choice(self, attempt_id: int, number: int) -> None:
        """Forget a stored choice the engine then refused (the server's check and the engine's
        disagreed): the attempt goes back to that decision rather than never loading again."""
        with self.tx() as c:
            c.execute(attempt_choices.delete().where(attempt_choices.c.attempt_id == attempt_id,
                                                     attempt_choices.c.number >= number))

    def unfinished_attempts(self) -> list[Any]:
        """Attempts with at least one choice and no result, with the student's name: those whose
        result a crash may have kept from being stored."""
        chosen = sa.select(attempt_choices.c.attempt_id).distinct()
        query = (sa.select(attempts, students.c.name.label("student_name"))
                 .join(students, students.c.id == attempts.c.student_id)
                 .where(attempts.c.result.is_(None), attempts.c.id.in_(chosen)).order_by(attempts.c.id))
        with self.tx() as c:
            return list(c.execute(query).all())

    def student_name(self, student_id: int) -> str:
        with self.tx() as c:
            return str(c.execute(sa.select(students.c.name).where(students.c.id == student_id)).scalar() or "")

    def challenge_attempts(self, challenge_id: int) -> list[Any]:
        """Every attempt at a challenge, with the student's name, oldest first."""
        query = (sa.select(attempts, students.c.name.label("student_name"))
                 .join(students, students.c.id == attempts.c.student_id)
                 .where(attempts.c.challenge_id == challenge_id).order_by(attempts.c.id))
        with self.tx() as c:
            return list(c.execute(query).all())

    def results_fingerprint(self, challenge_id: int) -> str:
        """Counts that change whenever the teacher's results table of a challenge changes (one
        query): its attempts, choices, rewinds and results, and the students of its class."""
        mine = sa.select(attempts.c.id).where(attempts.c.challenge_id == challenge_id)
        klass = sa.select(challenges.c.class_id).where(challenges.c.id == challenge_id).scalar_subquery()
        query = sa.select(
            sa.select(sa.func.count()).select_from(attempts).where(attempts.c.challenge_id == challenge_id)
            .scalar_subquery(),
            sa.select(sa.func.count(attempts.c.result)).where(attempts.c.challenge_id == challenge_id)
            .scalar_subquery(),
            sa.select(sa.func.coalesce(sa.func.sum(attempts.c.rewinds), 0))
            .where(attempts.c.challenge_id == challenge_id).scalar_subquery(),
            sa.select(sa.func.count()).select_from(attempt_choices).where(attempt_choices.c.attempt_id.in_(mine))
            .scalar_subquery(),
            sa.select(sa.func.count()).select_from(students).where(students.c.class_id == klass).scalar_subquery(),
            sa.select(sa.func.coalesce(sa.func.max(students.c.id), 0)).where(students.c.class_id == klass)
            .scalar_subquery())
        with self.tx() as c:
            return "-".join(str(v) for v in c.execute(query).one())

    # ------------------------------------------------------------ class games
    def create_game(self, class_id: int, title: str, scenario: str, settings: dict, seed: int, others: str,
                    time_limit: int | None, parent_id: int | None = None, branch_at: int | None = None) -> int:
        with self.tx() as c:
            return _new_id(c.execute(games.insert().values(
                class_id=class_id, title=title, scenario=scenario, settings=json.dumps(settings, sort_keys=True),
                seed=seed, others=others, time_limit=time_limit, status="lobby", parent_id=parent_id,
                branch_at=branch_at, created=time.time())))

    def game(self, game_id: int) -> Any:
        with self.tx() as c:
            return c.execute(sa.select(games).where(games.c.id == game_id)).first()

    def class_games(self, class_id: int) -> list[Any]:
        with self.tx() as c:
            return list(c.execute(sa.select(games).where(games.c.class_id == class_id).order_by(games.c.id)).all())

    def set_game_status(self, game_id: int, status: str) -> None:
        with self.tx() as c:
            c.execute(games.update().where(games.c.id == game_id).values(status=status))

    def mark_opened(self, game_id: int, key: str, when: float) -> None:
        """Remember when the open event was first asked (for the time limit)."""
        with self.tx() as c:
            c.execute(games.update().where(games.c.id == game_id).values(opened_key=key, opened_at=when))

    def take_seat(self, game_id: int, student_id: int, power: str) -> None:
        with self.tx() as c:
            c.execute(seats.delete().where(seats.c.game_id == game_id, seats.c.student_id == student_id))
            c.execute(seats.insert().values(game_id=game_id, student_id=student_id, power=power))

    def game_seats(self, game_id: int) -> list[Any]:
        query = (sa.select(seats.c.power, seats.c.student_id, students.c.name)
                 .join(students, students.c.id == seats.c.student_id)
                 .where(seats.c.game_id == game_id).order_by(seats.c.power, students.c.id))
        with self.tx() as c:
            return list(c.execute(query).all())

    def copy_seats(self, from_game: int, to_game: int) -> None:
        with self.tx() as c:
            for r in c.execute(sa.select(seats).where(seats.c.game_id == from_game)).all():
                c.execute(seats.insert().values(game_id=to_game, student_id=r.student_id, power=r.power))

    def game_moves(self, game_id: int) -> list[Any]:
        with self.tx() as c:
            return list(c.execute(sa.select(moves).where(moves.c.game_id == game_id).order_by(moves.c.number)).all())

    def add_moves(self, game_id: int, rows: list[dict]) -> bool:
        """Record decisions (event, power, option or None for the AI, student_id, justification);
        False if one of them was already decided (another player of the team was quicker)."""
        try:
            with self.tx() as c:
                number = c.execute(sa.select(sa.func.coalesce(sa.func.max(moves.c.number), 0))
                                   .where(moves.c.game_id == game_id)).scalar() or 0
                for row in rows:
                    number += 1
                    c.execute(moves.insert().values(game_id=game_id, number=number, at=time.time(), **row))
            return True
        except sa.exc.IntegrityError:
            return False

    def copy_moves(self, from_game: int, to_game: int, count: int) -> None:
        with self.tx() as c:
            rows = c.execute(sa.select(moves).where(moves.c.game_id == from_game).order_by(moves.c.number)
                             .limit(count)).all()
            for r in rows:
                values = dict(r._mapping)
                values["game_id"] = to_game
                c.execute(moves.insert().values(**values))


def new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def _new_id(result: Any) -> int:
    """The primary key an INSERT made."""
    return int(result.inserted_primary_key[0])
