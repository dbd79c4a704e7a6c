"""qualframe: a terminal workbench for qualitative Framework Analysis.

The core (store, ingest, codebook, framework, analysis) never imports Textual; the TUI and the
command line are thin layers over the same service functions.
"""

__version__ = "0.1.0"
