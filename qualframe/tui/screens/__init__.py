"""One screen or dialog per module. The Framework matrix, the suggestions review and the
disagreements view are imported when first opened (`qualframe.tui.app.LAZY_SCREENS`)."""
