"""What the benchmarks share: time one page through Django's test client."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def measure(client, url: str, repeats: int) -> tuple[float, float, int]:
    """Median and worst time of REPEATS requests (ms) after one warm-up, and the
    queries one request makes."""
    client.get(url)  # warm caches and templates
    times, queries = [], 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(times), max(times), queries
