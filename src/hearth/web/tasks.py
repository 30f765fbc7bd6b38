"""Background tasks: ids in, call a service, record the outcome on the Job."""

from __future__ import annotations

from django_tasks import task

from hearth.core import jobs
from hearth.web.indexing import rebuild_search_index


@task()
def rebuild_search_index_task(job_id: int) -> None:
    try:
        rebuild_search_index(job_id)
    except Exception as exc:  # the job page must say what went wrong
        jobs.fail(job_id, f"The search index could not be rebuilt: {exc}")
        raise
