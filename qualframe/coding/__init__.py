"""Codings, memos and codebook suggestions: the researcher's work on the text."""
