"""Widgets and helpers shared by every tab: the generic list, the worker, formatting, forms."""
