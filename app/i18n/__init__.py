"""The patient's language: message catalogues, and dates and numbers as the patient reads them."""
