"""Local reminders, rebuilt from the database."""
