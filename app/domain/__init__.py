"""Pure collection rules: money, calendar, ledger, aging. No Qt, no SQLAlchemy, no I/O."""
