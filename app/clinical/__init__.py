"""What every domain package shares: sourced facts, STS salt forms, shown working, input errors."""
