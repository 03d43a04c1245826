"""Dates: clinic closures and interval series, the two-week grid, and iCalendar exports."""
