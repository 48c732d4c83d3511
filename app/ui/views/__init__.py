"""Pages of the main window: they lay out and call services."""
