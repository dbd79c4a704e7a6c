"""Codebooks: the YAML schema, validation with file:line problems, and deterministic export."""
