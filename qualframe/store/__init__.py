"""The project database: typed models, engine and session setup, schema migrations."""
