"""The portal's database connection, from the environment (README: settings)."""

import os

import dj_database_url


def database_settings(url: str, base_dir) -> dict:
    """PostgreSQL when ``url`` (DATABASE_URL) is set, otherwise a SQLite file."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(base_dir / "db.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    database = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
    # Prepared statements: a query the process has sent before is planned once per
    # connection, not on every request. On the portal's pages PostgreSQL spends
    # more time planning a query than running it (the to-do list's assignments:
    # 0.85 ms to plan, 0.05 ms to run), so this halves the database's share of a
    # page. It needs server-side binding (psycopg's client-side cursors cannot
    # prepare). Set 0 behind a pooler that cannot keep a session's prepared
    # statements (PgBouncer in transaction mode before 1.21).
    if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") != "0":
        database.setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=1
        )
        # Planned once: left to itself (plan_cache_mode=auto) PostgreSQL plans a
        # prepared query again at every run whenever it guesses that a plan for
        # the values sent may beat the one it keeps, which on the portal's
        # queries (keyed by ids, on indexes) it does not, and the planning costs
        # more than the run: the assignment page's count of classmates' answers
        # took 0.9 ms to plan and 0.3 ms to run, every time; its database time fell
        # by a third with the plan kept (docs/performance.md). "auto" restores
        # PostgreSQL's own choice.
        mode = os.environ.get("DATABASE_PLAN_CACHE_MODE", "force_generic_plan")
        if mode != "auto":
            database["OPTIONS"]["options"] = f"-c plan_cache_mode={mode}"
    return database
