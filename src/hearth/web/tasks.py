"""Background tasks: ids in, call a service, record the outcome on the Job."""

from __future__ import annotations

from django_tasks import task

from hearth.core import jobs
from hearth.web.indexing import rebuild_search_index


@task()
def rebuild_search_index_task(job_id: int) -> None:
    jobs.run(
        job_id,
        "search.rebuild",
        lambda job: rebuild_search_index(job.pk),
        failed="The search index could not be rebuilt: {exc}",
    )
