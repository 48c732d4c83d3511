"""Letter texts, page geometry and PDF rendering."""
