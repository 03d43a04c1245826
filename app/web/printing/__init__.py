"""What every printout shares: a print view and its PDF, the patient's language, printed lines."""
