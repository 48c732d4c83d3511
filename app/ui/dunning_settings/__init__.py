"""Reminder settings: policies and levels, letter texts, penalty rates, printing."""
