"""One screen or dialog per module. The Framework matrix (`framework.py`, `FrameworkScreen`) and
the suggestions review (`suggestions.py`, `SuggestionsScreen`) join as new modules here: the app
opens them on `f` and `s` as soon as they exist (see `qualframe.tui.app.PLUGGABLE_SCREENS`)."""
