# gunicorn settings the portal's processes need beyond their command line
# (deploy/systemd/portal-web@.service passes --config with this file).
#
# Prometheus metrics with several workers: each worker writes its counts to files
# in PROMETHEUS_MULTIPROC_DIR and the worker answering /metrics adds them all up
# (portal/metrics.py). The folder must be empty when gunicorn starts (old files
# would be counted again) and a worker that exits must be marked dead.
import os
import shutil


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # noqa: PLC0415 - only if used

        multiprocess.mark_process_dead(worker.pid)
