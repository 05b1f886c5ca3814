"""App-level dialogs: settings, first start, client import, crash report."""
