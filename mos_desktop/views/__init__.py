"""Qt views: one package per main-window tab, shared widgets in ``common``, app-level dialogs in ``dialogs``.

Views never hold a database session: they call service functions through ``AppContext.run_db``, which runs
them in the single background worker and hands plain data back to the GUI thread.
"""
