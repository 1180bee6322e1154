"""A real Celery worker on Redis: a worker killed in the middle of a letter leaves no half letter,
and the letter still gets made by the next worker (acks_late + a visibility timeout)."""

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from inquiries.models import Letter, LetterEvent
from tests.letters.helpers import APPLICANT_NAME, issue, pdf_text, to_municipal_review

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
CELERY = str(Path(sys.executable).with_name("celery"))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def redis_url(tmp_path):
    """settings.REDIS_URL when configured (CI), else a private redis-server on a free port."""
    import redis

    url = settings.REDIS_URL or os.environ.get("REDIS_URL", "")
    process = None
    if not url:
        server = shutil.which("redis-server")
        if server is None:
            pytest.fail("the worker tests need Redis: set REDIS_URL or install redis-server")
        port = _free_port()
        process = subprocess.Popen(
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"

    def answers():
        try:
            return redis.Redis.from_url(url, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    _wait(answers, 15, "Redis")
    yield url
    if process is not None:
        process.terminate()
        process.wait(10)


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return "sqlite:///" + str(Path(db["NAME"]).resolve())
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Workers:
    """Start and kill `celery -A pishkhan worker` processes against the test database and Redis."""

    def __init__(self, redis_url, queue, tmp_path):
        self.redis_url, self.queue, self.tmp_path = redis_url, queue, tmp_path
        self.processes = []

    def start(self, name, **extra_env):
        log = self.tmp_path / f"{name}.log"
        env = {k: v for k, v in os.environ.items() if k != "PISHKHAN_LETTER_TASK_DELAY"}
        env.update(
            DATABASE_URL=_database_url(),
            REDIS_URL=self.redis_url,
            CELERY_TASK_ALWAYS_EAGER="false",
            # A task held by a dead worker goes back to the queue after 3 s (production: an hour).
            CELERY_VISIBILITY_TIMEOUT="3",
            PISHKHAN_VAR_DIR=str(self.tmp_path / "var"),
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            SMS_BACKEND="console",
            PYTHONUNBUFFERED="1",
            **extra_env,
        )
        command = [
            CELERY,
            "-A",
            "pishkhan",
            "worker",
            "-Q",
            self.queue,
            "-n",
            f"{name}-{self.queue}@%h",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
        ]
        handle = log.open("wb")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        process.log = log
        self.processes.append(process)
        _wait(lambda: b" ready." in log.read_bytes() or process.poll() is not None, 60, f"worker {name} to start")
        assert process.poll() is None, log.read_text()
        return process

    @staticmethod
    def kill(process, sig=signal.SIGKILL):
        """The whole process group: the main process and its pool children, as a machine dies."""
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                self.kill(process, signal.SIGTERM)


@pytest.fixture
def workers(redis_url, tmp_path, settings):
    """The test process queues to Redis (a queue of its own) instead of running tasks in-process."""
    from pishkhan.celery import app

    queue = f"pishkhan-test-{uuid.uuid4().hex[:10]}"
    pool = Workers(redis_url, queue, tmp_path)
    saved = {key: app.conf[key] for key in ("broker_url", "task_default_queue", "task_always_eager")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield pool, lambda: _to_redis(app, redis_url, queue)
    pool.stop_all()
    app.conf.update(saved)
    _drop_connections(app)


def _drop_connections(app):
    # Celery builds its connection pool from the broker URL on first use: forget it so the next use
    # follows broker_url. Not closed: kombu keeps producer pools per URL and the eager tests reuse theirs.
    app._pool = None
    app.amqp._producer_pool = None


def _to_redis(app, redis_url, queue):
    app.conf.update(broker_url=redis_url, task_default_queue=queue, task_always_eager=False)
    _drop_connections(app)


def test_a_worker_killed_mid_letter_leaves_no_half_letter_and_the_next_one_makes_it(city, login_api, workers):
    pool, queue_to_redis = workers
    case_id = to_municipal_review(login_api, officer=city.officer, reviewer=city.manager, inspector=city.inspector)
    # in-process (eager) up to here
    queue_to_redis()
    first = pool.start("first", PISHKHAN_LETTER_TASK_DELAY="8")

    response = issue(login_api, case_id, city.municipal)
    assert response.status_code == 200, response.content
    letter = Letter.objects.get(case_id=case_id)
    _wait(
        lambda: f"rendering letter {letter.pk}".encode() in first.log.read_bytes(),
        60,
        "the first worker to take the letter",
    )
    pool.kill(first)

    letter.refresh_from_db()
    assert letter.sha256 == "" and not letter.pdf
    letters_dir = Path(settings.MEDIA_ROOT) / "letters"
    assert not letters_dir.exists() or not any(p.is_file() for p in letters_dir.rglob("*"))

    time.sleep(3.5)  # past the visibility timeout: the dead worker's task is due again
    second = pool.start("second")
    _wait(
        lambda: Letter.objects.filter(pk=letter.pk).exclude(sha256="").exists(),
        60,
        "the second worker to make the letter",
    )

    letter.refresh_from_db()
    assert Letter.objects.filter(case_id=case_id).count() == 1
    path = Path(letter.pdf.path)
    assert path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == letter.sha256
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left beside it
    assert letter.rendered_at is not None
    assert not LetterEvent.objects.filter(letter=letter).exists()  # its issue is the letter itself
    text = pdf_text(path)
    assert letter.case.tracking_code in text and APPLICANT_NAME in text
    assert "render_letter_pdf" in second.log.read_text()

    api = login_api(city.municipal)
    api.credentials()
    verified = api.get(f"/api/v1/letters/verify/{letter.verification_code}/")
    assert verified.status_code == 200 and verified.json()["sha256"] == letter.sha256
    assert api.get("/api/v1/letters/verify/ABCDEFGHJK/").status_code == 404
