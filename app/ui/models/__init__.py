"""Qt item models over query results."""
