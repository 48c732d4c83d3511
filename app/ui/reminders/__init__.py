"""The Reminders page: review the day's proposals, print the letters, queue the emails."""
