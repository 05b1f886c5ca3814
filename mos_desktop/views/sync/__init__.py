"""The sync part of the GUI: settings "Общая база", the status bar widget, the sync panel, the runner bridge."""
