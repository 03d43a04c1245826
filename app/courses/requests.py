"""Temporary re-export of app.contracts.courses for the course path until it moves (issue 20)."""

from app.contracts.courses import CourseIn as CourseIn
from app.contracts.courses import ReasonIn as ReasonIn
from app.contracts.courses import RecordIn as RecordIn
from app.contracts.courses import iso_date as iso_date
