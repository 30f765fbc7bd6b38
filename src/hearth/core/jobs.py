"""Long jobs: a Job row users can watch, run by a django-tasks task, restartable.

    job = jobs.start(name="Weekly debit run", kind="rents.debit_run", params={...}, actor=user,
                     task=debit_run_task)

The task receives the job id, calls a service, and reports with `progress()`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.core.actors import Actor, user_of
from hearth.core.models import Job


def start(*, name: str, kind: str, params: dict[str, Any], actor: Actor | None, task: Any) -> Job:
    job = Job.objects.create(
        name=name,
        kind=kind,
        params=params,
        created_by=user_of(actor),
    )

    def _enqueue() -> None:
        result = task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(_enqueue)
    return job


def begin(job_id: int, total: int = 0) -> None:
    Job.objects.filter(pk=job_id).update(
        state=Job.State.RUNNING, started_at=timezone.now(), total=total, message=""
    )


def progress(job_id: int, done: int, total: int | None = None) -> None:
    fields: dict[str, Any] = {"done": done}
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
