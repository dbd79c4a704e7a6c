"""Modal dialogs over the workbench screens."""
