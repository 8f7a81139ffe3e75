"""A fresh Python process that sets Django up with the environment given, for what
is decided once at start (settings read from the environment, AppConfig.ready())."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_process(code: str, *, drop=(), **environment) -> subprocess.CompletedProcess:
    """Run ``code`` after django.setup(), without the variables named in ``drop``
    and with ``environment`` added; fails when the process does."""
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(environment)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
