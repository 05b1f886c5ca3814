"""Логистика: shipments, closing documents, the Dostavista balance."""
