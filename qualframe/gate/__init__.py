"""The anonymisation gate: residual identifiers found (rules, identifier lists, a names resource
and gazetteer, NER, screened for clinical and service vocabulary), pseudonyms applied."""
