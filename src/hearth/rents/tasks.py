"""Background tasks: ids in, call a service, record the outcome on the Job."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from hearth.core import jobs
from hearth.core.models import Job
from hearth.rents import services
from hearth.tenancies import services as tenancy_services


@task()
def debit_run_task(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    weeks = [dt.date.fromisoformat(w) for w in job.params.get("weeks", [])]
    try:
        services.run_debits(weeks=weeks, job_id=job_id, actor=job.created_by)
        # homes whose agreement ended since (a notice given weeks ago) become void
        tenancy_services.refresh_let_statuses(actor="debit run")
    except Exception as exc:  # the job page must say what went wrong; a rerun completes the week
        jobs.fail(
            job_id, f"The debit run stopped: {exc}. Nothing of the unfinished week was posted; run it again."
        )
        raise
