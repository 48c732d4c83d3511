"""The customer file: one screen with the whole history of a customer and what to do next."""
