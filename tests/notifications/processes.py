"""Real processes for the reliability tests: a private Redis and a Celery worker with beat."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


class RedisServer:
    """A private redis-server on a free port, without persistence; stopped and started at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, 10, "redis-server to start")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def database_url() -> str:
    """The test database this process uses, for the worker to use the same."""
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """``celery worker -B`` in its own process group, so it can be killed whole with SIGKILL."""

    def __init__(self, *, redis: RedisServer, recording: Path, env: dict[str, str]) -> None:
        self.folder = recording.parent
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url(),
            "DB_CONN_MAX_AGE": "0",
            "REDIS_URL": redis.url,
            "EMAIL_BACKEND": "tests.notifications.recording_backend.RecordingBackend",
            "RECORDING_DB": str(recording),
            "BYGGEBRO_VAR_DIR": str(self.folder / "var"),
            "NOTIFICATIONS_OFFICE_HOURS_ONLY": "false",
            "NOTIFICATIONS_SEND_EVERY_SECONDS": "1",
            "NOTIFICATIONS_PLAN_EVERY_SECONDS": "3600",
            "NOTIFICATIONS_BATCH_SIZE": "50",
            "NOTIFICATIONS_BATCHES_PER_TASK": "10",
            "CELERY_TASK_TIME_LIMIT": "10",
            "CELERY_TASK_SOFT_TIME_LIMIT": "6",
            "NOTIFICATIONS_SENDING_LEASE_SECONDS": "12",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = (self.folder / f"worker-{self.starts}.log").open("wb")
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "config", "worker", "-B"),
                *("--concurrency=2", "--loglevel=WARNING", "--without-gossip", "--without-mingle"),
                *("-s", str(self.folder / f"beat-{self.starts}")),
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the worker, its pool processes and beat at once: no goodbye, no ack."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None

    def __enter__(self) -> "Worker":
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.kill()
