"""Kept treatment courses: requests, the schedule recomputed from plan and records, the rules."""
