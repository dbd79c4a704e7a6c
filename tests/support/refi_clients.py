"""The two third-party REFI-QDA readers, as real clients in their own virtualenvs.

`qdapy` (reads a .qdpx into pandas frames: codebook, fragments with their text) and
`qualitative-coding` (validates project.qde against its bundled XSD, then imports it into a
project of its own). Each gets a virtualenv under `.venv-refi-clients/` in the repository
(gitignored; override with REFI_CLIENT_VENVS), made by pip on first use and reused after, so
CI builds them once. A probe script runs inside the venv and prints one JSON line of what the
client read. qualitative-coding 1.7.8 has a stray `breakpoint()` in its reader:
PYTHONBREAKPOINT=0 turns it into a no-op.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
VENVS = Path(os.environ.get("REFI_CLIENT_VENVS", REPO / ".venv-refi-clients"))
PACKAGES = {"qdapy": "qdapy", "qc": "qualitative-coding"}

QDAPY_PROBE = r"""
import json, sys
import qdapy
project = qdapy.read_qdpx(sys.argv[1])
f = project.fragments
print(json.dumps({
    "codes": sorted(project.codebook["name"].tolist()),
    "sources": len(project.sources),
    "coders": sorted(project.coders),
    "fragments": [
        {"code": r["code"].rsplit("/", 1)[-1], "text": r["text"], "coder": r["codedBy"],
         "start": int(r["positionStart"]), "end": int(r["positionEnd"]), "source": r["title"]}
        for r in f.to_dict("records")
    ],
}))
"""

QC_PROBE = r"""
import json, os, sys, tempfile
from pathlib import Path
src = str(Path(sys.argv[1]).resolve())
from qualitative_coding.refi_qda.reader import REFIQDAReader
reader = REFIQDAReader(src)
with tempfile.TemporaryDirectory() as d:
    os.chdir(d)
    reader.unpack_project(Path(d))
    from qualitative_coding.corpus import QCCorpus
    corpus = QCCorpus("settings.yaml")
    with corpus.session():
        print(json.dumps({
            "sources": len(corpus.get_documents()),
            "codes": sorted(corpus.get_codebook().flatten(names=True)),
            "coded_lines": len(corpus.get_coded_lines()),
            "coders": sorted(c.name for c in corpus.get_all_coders()),
        }))
"""


def client_python(client: str) -> Path:
    """The client's interpreter, creating its virtualenv on first use."""
    venv = VENVS / f"venv-{client}"
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if not marker.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", PACKAGES[client]],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        marker.write_text(PACKAGES[client], encoding="utf-8")
    return python


def read_with(client: str, path: Path) -> dict[str, Any]:
    """What `client` read from `path`; raises with the client's own error if it failed."""
    probe = QDAPY_PROBE if client == "qdapy" else QC_PROBE
    env = dict(os.environ, PYTHONBREAKPOINT="0", PYTHONWARNINGS="ignore")
    result = subprocess.run(
        [str(client_python(client)), "-c", probe, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert result.returncode == 0 and lines, f"{client} failed on {path}: {result.stderr[-2000:]}"
    return json.loads(lines[-1])
