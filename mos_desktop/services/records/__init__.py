"""Declared simple records (suppliers, contractors, items, locations, employees, a client's contacts,
sites and equipment): their specs and label tables (``kinds``), generic commands (``commands``),
picker options (``options``) and lists (``lists``)."""
