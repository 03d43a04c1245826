"""The two planners, injection and topical: their forms, pages, .ics files and printouts."""
