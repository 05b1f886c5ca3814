"""The worker: tasks run in order; held tasks wait for release (start-up paints before the worker starts)."""

from __future__ import annotations

import threading
from typing import Any

from mos_desktop.views.common.tasks import TaskRunner


def test_held_tasks_start_on_release_in_submission_order(qtbot: Any) -> None:
    errors: list[BaseException] = []
    runner = TaskRunner(errors.append)
    ran: list[int] = []
    done: list[int] = []
    runner.hold()
    for i in range(3):
        runner.submit(lambda i=i: ran.append(i) or i, done.append)
    assert runner._pool.waitForDone(200)  # the pool is idle: nothing was started
    assert ran == [] and runner.pending == 3
    runner.release()
    qtbot.waitUntil(lambda: done == [0, 1, 2])
    assert ran == [0, 1, 2] and errors == []


def test_release_without_hold_and_wait_release_held_tasks(qtbot: Any) -> None:
    runner = TaskRunner(lambda exc: None)
    runner.release()  # harmless
    started = threading.Event()
    runner.hold()
    runner.submit(started.set)
    assert not started.wait(0.2)
    assert runner.wait(10_000)  # shutdown never leaves held work behind
    assert started.is_set()
