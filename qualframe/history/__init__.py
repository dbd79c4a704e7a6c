"""The event log: audit trail and undo/redo."""
