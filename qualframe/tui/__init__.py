"""The coding workbench: a Textual app over the same core services as the command line.

`app.py` assembles it, `screens/` and `widgets/` hold one screen or widget per module,
`bindings/` declares every key once, `data.py` is the only door to the database (no Textual
in it) and `workers.py` runs that work off the UI thread. The core never imports this package.
"""
