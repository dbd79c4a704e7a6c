"""Documents and cases: import, text revisions, search, withdrawal."""
