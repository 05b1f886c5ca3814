"""Поставщики: purchase orders, prices, suppliers."""
