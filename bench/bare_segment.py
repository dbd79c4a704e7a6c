"""The honest ceiling of an import: the bare spaCy pipeline the import uses, over the same files.

    python -m bench.bare_segment FOLDER [PIPELINE]

The pipeline is the project's (`qualframe.nlp.sentences.load_pipeline`: blank English, the
sentencizer, the abbreviations and the transcription-units component), fed each file's text
split at blank lines (speaker turns, as the import feeds it turns: spaCy's tokenizer caches
less within one long text, so whole files would be a slower, flattering baseline), counting
`doc.sents` only, with no Python loop over tokens. Run as a whole process it includes
Python's start-up and spaCy's import, as `qualframe import` does.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from qualframe.nlp.sentences import load_pipeline


def transcripts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md"))


def segment(files: list[Path], pipeline: str = "blank:en") -> int:
    """Sentences of every file, by the bare pipeline."""
    nlp = load_pipeline(pipeline)
    paragraphs = (part for path in files for part in path.read_text("utf-8").split("\n\n"))
    return sum(len(list(doc.sents)) for doc in nlp.pipe(paragraphs, batch_size=256))


def main() -> None:
    start = time.perf_counter()
    folder = Path(sys.argv[1])
    sentences = segment(transcripts(folder), sys.argv[2] if len(sys.argv) > 2 else "blank:en")
    print(f"{sentences} sentences in {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
