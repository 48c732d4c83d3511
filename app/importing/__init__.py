"""Reading accounting exports (CSV, XLSX, FEC) into validated records, and syncing them in."""
