"""Database: typed models, engine, migrations, backups and read queries."""
