"""The anonymisation gate: what `qualframe anonymise` and the import gate use besides rules and
NER (a names resource, UK and Irish place names, clinical and service vocabulary)."""
