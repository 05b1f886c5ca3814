"""Поставщики (processes 9, 10, 19): prices and the best offer, price-list import, purchase orders
through their states, acceptance, non-standard goods requests."""
