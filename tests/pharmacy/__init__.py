"""Tests for issue 9: beyond-use dates, pharmacy records and labels."""
