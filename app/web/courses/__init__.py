"""The clinic's course pages: the course list, a course, its forms and printouts, the due list."""
