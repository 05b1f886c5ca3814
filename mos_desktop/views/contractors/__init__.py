"""Подрядчики: service visits, contractor jobs, contractors."""
