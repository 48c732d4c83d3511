"""Message composition, outbox and SMTP transport."""
