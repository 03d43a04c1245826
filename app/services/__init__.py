"""One function per use case, called by the JSON routes and the pages alike."""
