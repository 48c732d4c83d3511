"""Use cases over a Session, each recording what it did in the history."""
