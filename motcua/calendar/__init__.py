"""Lịch làm việc: working calendars and the deadline engine (``workdays``)."""
