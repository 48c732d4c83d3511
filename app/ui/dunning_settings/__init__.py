"""Reminder settings: policies and levels, letter texts, payment terms, penalty rates, printing."""
