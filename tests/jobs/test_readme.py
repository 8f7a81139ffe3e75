"""The README tells a school's IT how to run workers in production and on several
machines, and what it names is real: the worker command and its options, and the
settings it lists."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands, load_command_class

README = Path(__file__).resolve().parents[2] / "README.md"


def _section(title: str) -> str:
    text = README.read_text()
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def test_the_readme_says_how_to_run_workers_in_production_and_on_several_machines():
    workers = _section("Background jobs and workers")
    assert "In production run one or more workers beside gunicorn" in workers
    assert "**Several workers, on one machine\nor several**" in workers
    assert "share the queue through the database" in workers
    assert "SQLite allows one worker only" in workers
    # Every command line it gives runs a command that exists, with options it takes.
    lines = re.findall(r"manage\.py (db_worker[^\n`#]*)", workers)
    assert lines
    command = load_command_class(get_commands()["db_worker"], "db_worker")
    parser = command.create_parser("manage.py", "db_worker")
    for line in lines:
        options = [w for w in line.split() if w.startswith("--")]
        for option in options:
            assert any(option in action.option_strings for action in parser._actions)
    # The settings it says a worker needs are the portal's.
    for name in ["PORTAL_JOB_RETRY_SECONDS", "PORTAL_WORKER_PERIODIC"]:
        assert name in README.read_text()
        assert hasattr(settings, name)
