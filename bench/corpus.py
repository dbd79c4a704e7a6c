"""A synthetic corpus whose token statistics resemble speech: a Zipf-like vocabulary drawn from
the sample transcripts, speaker turns of varied length, sentences with punctuation.

Files are written one at a time, so the corpus is never held in memory.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def vocabulary() -> tuple[list[str], list[float]]:
    """Words of the sample transcripts with Zipf weights by frequency rank (1/rank)."""
    counts: Counter[str] = Counter()
    for path in (REPO / "transcripts_sample").glob("*.txt"):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        counts.update(re.findall(r"[\w'’\[\]-]+", body))
    labels = re.compile(r"Interviewer|Facilitator|[PF]\d+")
    words = [word for word, _ in counts.most_common() if not labels.fullmatch(word)]
    return words, [1.0 / rank for rank in range(1, len(words) + 1)]


def transcript(
    rng: random.Random, words: list[str], weights: list[float], index: int, size: int
) -> str:
    """One interview of about `size` words, alternating interviewer and participant turns."""
    case = f"S{index:05d}"
    lines = [
        "---",
        f"case: {case}",
        f"organisation: Hospital {index % 40}",
        f"role: {rng.choice(['Nurse', 'Consultant', 'Physiotherapist', 'Manager'])}",
        "---",
    ]
    written = 0
    speaker_turn = 0
    while written < size:
        label = "Interviewer" if speaker_turn % 2 == 0 else case
        length = max(4, int(rng.expovariate(1 / (25 if label == "Interviewer" else 110))))
        drawn = rng.choices(words, weights, k=length)
        sentences, start = [], 0
        while start < len(drawn):
            stop = start + rng.randint(5, 22)
            sentence = " ".join(drawn[start:stop])
            sentences.append(sentence[:1].upper() + sentence[1:] + rng.choice(".?!."))
            start = stop
        lines.append(f"{label}: {' '.join(sentences)}")
        lines.append("")
        written += length
        speaker_turn += 1
    return "\n".join(lines)


def generate(folder: Path, documents: int, words_each: int, seed: int = 7) -> int:
    """Write the corpus into `folder`; return the number of words written."""
    folder.mkdir(parents=True, exist_ok=True)
    words, weights = vocabulary()
    rng = random.Random(seed)
    total = 0
    for index in range(documents):
        text = transcript(rng, words, weights, index, words_each)
        (folder / f"S{index:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.split())
    return total
