"""Use cases that the JSON routes and the pages both call."""
