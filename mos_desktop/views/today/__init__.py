"""Сегодня: the day's agenda (calls, deliveries, trainings, visits)."""
