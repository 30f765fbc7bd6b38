"""Long jobs: a Job row users can watch, run by a django-tasks task, that outlives its worker.

    job = jobs.start(name="Weekly debit run", kind="rents.debit_run", params={...}, actor=user,
                     task=debit_run_task, restartable=True)

    @task()
    def debit_run_task(job_id: int) -> None:
        jobs.run(job_id, "rents.debit_run", post_the_weeks, failed="The debit run stopped: {exc}.")

The task passes the job id to `run`, which claims the job (a job another task has already taken is
left alone), keeps its heartbeat while the work runs and records a failure on the job. The work
says how many steps it has with `begin` (which, for work that carries on, answers how many a stopped
worker had finished already) and counts each finished step with `progress`, after the step's writes
are committed: a job stopped part-way has done exactly the steps it counted.

A worker can stop in the middle of a job (killed, out of memory, its machine restarted). `recover`
finds the jobs whose heartbeat is older than HEARTH_JOB_STALE_SECONDS and the queue's task rows such
a worker left running, and marks those rows failed. A job declared `restartable` when it was started
(its work is safe to run again: each kind's start says why) is queued again, up to MAX_RESTARTS
times; any other is marked failed with a sentence saying after which step it stopped. Workers run
`recover` from the queue every HEARTH_JOB_CHECK_SECONDS (`recover_jobs_task`, queued again by each
run and when a job starts), and `hearth recover_jobs` runs it at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from hearth.core.actors import Actor, user_of
from hearth.core.models import Job

logger = logging.getLogger(__name__)

MAX_RESTARTS = 3  # a job that stops its worker every time (say, out of memory) is failed after this
T = TypeVar("T", bound=Task[Any, Any])


class WorkerStopped(Exception):
    """Recorded on a task row whose worker stopped while running it."""


def start(
    *,
    name: str,
    kind: str,
    params: dict[str, Any],
    actor: Actor | None,
    task: Task[Any, Any],
    restartable: bool = False,
) -> Job:
    """A new job of `kind`, queued for `task` once the transaction commits. `restartable`: the job is
    queued again when its worker stops, so its work must be safe to run again from any point."""
    job = Job.objects.create(
        name=name,
        kind=kind,
        params=params,
        created_by=user_of(actor),
        task_path=task.module_path,
        restartable=restartable,
    )
    transaction.on_commit(lambda: _enqueue(job.pk, task))
    return job


def _enqueue(job_id: int, task: Task[Any, Any]) -> None:
    result = task.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))
    schedule_checks()


def run(job_id: int, kind: str, work: Callable[[Job], object], *, failed: str) -> None:
    """Do the work of job `job_id` in its task: claim the job if it is a queued job of `kind` (else do
    nothing: another task has it, or it is over), write its heartbeat while `work(job)` runs, and on
    an error record `failed` (formatted with `exc`) on the job before raising it again."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, kind=kind, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        logger.warning("Job %s is not a queued %s job; its task did nothing.", job_id, kind)
        return
    with heartbeat(job_id):
        try:
            work(Job.objects.get(pk=job_id))
        except Exception as exc:  # the job page must say what went wrong
            fail(job_id, failed.format(exc=exc))
            raise


@contextmanager
def heartbeat(job_id: int) -> Iterator[None]:
    """Write the job's heartbeat every HEARTH_JOB_HEARTBEAT_SECONDS while the block runs, from a thread
    of its own, so that a long step (a whole rent week in one transaction) still shows it alive."""
    stop = threading.Event()
    every = settings.HEARTH_JOB_HEARTBEAT_SECONDS

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    if not Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
                        heartbeat_at=timezone.now()
                    ):
                        return
                except DatabaseError:  # the database busy (SQLite, while the job writes): next time
                    logger.info("The heartbeat of job %s could not be written this time.", job_id)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"job {job_id} heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def begin(job_id: int, total: int = 0, *, carry_on: bool = False) -> int:
    """The job has `total` steps. With `carry_on`, the work goes on after the steps a worker that
    stopped had finished, and this returns how many they were; otherwise it starts from nothing (0)."""
    done = 0
    if carry_on:
        done = Job.objects.filter(pk=job_id).values_list("done", flat=True).first() or 0
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now, total=total, done=done, message=""
    )
    return done


def progress(job_id: int, done: int, total: int | None = None) -> None:
    """`done` steps are finished, and committed."""
    fields: dict[str, Any] = {"done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job_id).update(**fields)


def finish(job_id: int, message: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        state=Job.State.SUCCEEDED, finished_at=timezone.now(), message=message
    )


def fail(job_id: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        state=Job.State.FAILED, finished_at=timezone.now(), message=message[:2000]
    )


# --- jobs whose worker stopped -------------------------------------------------------------------

_rerun_when_stopped: set[str] = set()


def rerun_when_stopped(task: T) -> T:
    """Declare a task that runs no job but is safe to run again with the same arguments: a row of it
    that a stopped worker left running is queued again, not only marked failed."""
    _rerun_when_stopped.add(task.module_path)
    return task


def stopped_sentence(job: Job) -> str:
    """Why a job failed when its worker stopped, for the jobs page."""
    times = f" {job.restarts + 1} times" if job.restartable else ""
    if job.done:
        after = f"nothing was done after step {job.done} of {job.total}"
    else:
        after = "none of its steps was finished, so nothing was done"
    return f"The worker running this job stopped{times}; {after}. Start the job again to finish it."


def recover(*, now: dt.datetime | None = None) -> list[str]:
    """Resume or fail every job whose worker stopped, and mark failed every task row such a worker left
    running; one line for each, for the command and the log."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.HEARTH_JOB_STALE_SECONDS)
    done: list[str] = []
    stale = Job.objects.annotate(alive_at=Coalesce("heartbeat_at", "started_at", "created_at")).filter(
        Q(state=Job.State.RUNNING, alive_at__lt=cutoff)  # its worker stopped
        | Q(state=Job.State.QUEUED, task_id="", created_at__lt=cutoff)  # never reached the queue
    )
    for job_id in stale.values_list("pk", flat=True):
        done += _stop_job(job_id, cutoff)
    for row in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        job = Job.objects.filter(task_id=str(row.id)).first()
        if job is not None and job.state in (Job.State.QUEUED, Job.State.RUNNING):
            done += _stop_job(job.pk, cutoff, task_row=row)
        elif _stop_task_row(row):
            done.append(_orphan(row))
    for line in done:
        logger.warning(line)
    return done


def _stop_job(job_id: int, cutoff: dt.datetime, task_row: DBTaskResult | None = None) -> list[str]:
    """Queue again, or fail, one job whose worker stopped, unless it shows life after all. A job still
    queued had not begun, so it is queued again whatever its kind; a running one only if restartable."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state not in (Job.State.QUEUED, Job.State.RUNNING):
            return []
        alive_at = job.heartbeat_at or job.started_at or job.created_at
        if job.state == Job.State.RUNNING and alive_at >= cutoff:
            return []
        for row in [task_row] if task_row else _task_rows(job):
            _stop_task_row(row)
        running = job.state == Job.State.RUNNING
        if not job.task_path or (running and not (job.restartable and job.restarts < MAX_RESTARTS)):
            fail(job.pk, stopped_sentence(job))
            return [f"Job {job.pk} ({job.name}): its worker stopped; marked failed."]
        changes: dict[str, Any] = {"task_id": ""}
        if running:
            changes.update(
                state=Job.State.QUEUED,
                restarts=job.restarts + 1,
                heartbeat_at=None,
                message="The worker running this job stopped; it was queued again and carries on "
                "from the last step it finished.",
            )
        Job.objects.filter(pk=job.pk).update(**changes)
        job_task = import_string(job.task_path)
        # a second look in the instant before this is queued queues a second task, which finds the
        # job taken (`run`) and does nothing
        transaction.on_commit(lambda: _enqueue(job.pk, job_task))
        return [f"Job {job.pk} ({job.name}): its worker stopped; queued again."]


def _task_rows(job: Job) -> list[DBTaskResult]:
    try:
        return list(DBTaskResult.objects.filter(pk=job.task_id)) if job.task_id else []
    except (ValueError, ValidationError):  # not a row of the database queue (another backend's id)
        return []


def _stop_task_row(row: DBTaskResult) -> bool:
    """Mark a task row failed, if it is still marked running or ready; True when it was."""
    return bool(
        DBTaskResult.objects.filter(
            pk=row.pk, status__in=[TaskResultStatus.RUNNING, TaskResultStatus.READY]
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{WorkerStopped.__module__}.{WorkerStopped.__qualname__}",
            traceback="WorkerStopped: the worker running this task stopped; found by hearth.core.jobs.recover\n",
        )
    )


def _orphan(row: DBTaskResult) -> str:
    """A task row with no job that a stopped worker left running: queued again if its task says so."""
    arguments = ", ".join(map(repr, row.args_kwargs.get("args", [])))
    try:
        orphan_task = row.task
    except (ImportError, SuspiciousOperation):  # the task is gone from the code
        orphan_task = None
    if orphan_task is not None and row.task_path in _rerun_when_stopped:
        orphan_task.enqueue(*row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {}))
        return f"Task {row.task_path}({arguments}): its worker stopped; queued again."
    return f"Task {row.task_path}({arguments}): its worker stopped; marked failed."


@task(priority=100)
def recover_jobs_task() -> None:
    """The regular look for jobs whose worker stopped: queues the next look first, so that a worker
    stopping during this one does not end the round."""
    schedule_checks()
    recover()


def schedule_checks() -> None:
    """Queue the next look for stopped jobs HEARTH_JOB_CHECK_SECONDS from now, unless one is queued
    already. Only the database queue has workers to do it."""
    if not isinstance(recover_jobs_task.get_backend(), DatabaseBackend):
        return
    queued = DBTaskResult.objects.filter(
        task_path=recover_jobs_task.module_path, status=TaskResultStatus.READY
    )
    if not queued.exists():
        when = timezone.now() + dt.timedelta(seconds=settings.HEARTH_JOB_CHECK_SECONDS)
        recover_jobs_task.using(run_after=when).enqueue()
