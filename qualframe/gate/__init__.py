"""The anonymisation gate: residual identifiers found, pseudonyms applied."""
