"""Email: settings, the keychain, composing, the SMTP transport and the outbox."""
