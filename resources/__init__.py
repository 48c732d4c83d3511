"""Relance's bundled files (fonts, translations, letter texts, icons), installed as the package
`relance_resources` so that `importlib.resources` finds them in a wheel (see `app.paths`)."""
