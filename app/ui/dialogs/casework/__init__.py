"""Case-work dialogs of the customer file: calls, notes, promises, disputes, hold, contacts."""
