"""What the two HTTP adapters, the pages and the JSON API, share: their route dependencies."""
