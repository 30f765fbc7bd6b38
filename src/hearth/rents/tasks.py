"""Background tasks: ids in, call a service, record the outcome on the Job."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from hearth.core import jobs
from hearth.core.models import Job
from hearth.rents import services
from hearth.tenancies import services as tenancy_services


def _debit_run(job: Job) -> None:
    weeks = [dt.date.fromisoformat(w) for w in job.params.get("weeks", [])]
    services.run_debits(weeks=weeks, job_id=job.pk, actor=job.created_by)
    # homes whose agreement ended since (a notice given weeks ago) become void
    tenancy_services.refresh_let_statuses(actor="debit run")


@task()
def debit_run_task(job_id: int) -> None:
    jobs.run(
        job_id,
        "rents.debit_run",
        _debit_run,
        # a rerun completes the week
        failed="The debit run stopped: {exc}. Nothing of the unfinished week was posted; run it again.",
    )
