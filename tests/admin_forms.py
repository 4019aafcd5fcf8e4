"""Telling reads from writes."""

WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(queries) -> list[str]:
    """The statements of a ``CaptureQueriesContext`` that write."""
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
