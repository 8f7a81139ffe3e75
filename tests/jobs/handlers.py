"""Job handlers used by the tests (module-level, so a worker process can import
them). Each appends to a file named in its payload: the file counts how many times
the work really ran, whatever the database says."""

import time
from pathlib import Path

from jobs.runner import JobContext, JobRefused, job_handler


def _note(path: str, line: str) -> int:
    with Path(path).open("a") as handle:
        handle.write(line + "\n")
    return len(Path(path).read_text().splitlines())


@job_handler
def echo(context: JobContext, *, marker: str, value: str) -> dict:
    _note(marker, "ran")
    return {"value": value}


@job_handler
def flaky(context: JobContext, *, marker: str, failures: int) -> dict:
    """Fails the first ``failures`` runs, then succeeds."""
    runs = _note(marker, "ran")
    if runs <= failures:
        raise RuntimeError(f"run {runs} fails on purpose")
    return {"runs": runs}


@job_handler
def refuse(context: JobContext, *, marker: str) -> dict:
    _note(marker, "ran")
    raise JobRefused("The file is not a unit package.")


@job_handler
def slow(context: JobContext, *, marker: str, seconds: float) -> dict:
    """Reports progress in ten steps; notes when it starts and when it finishes."""
    _note(marker, "started")
    for step in range(10):
        context.progress(step * 10, f"Step {step + 1} of 10")
        time.sleep(seconds / 10)
    _note(marker, "finished")
    return {"steps": 10}
