"""Language processing: spaCy pipelines, sentence boundaries, codebook matchers."""
