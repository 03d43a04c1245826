"""The pharmacy's pages: the four calculators, their worksheet and the preparation records."""
