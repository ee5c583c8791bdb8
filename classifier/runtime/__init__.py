"""The synchronous engine: backends, precisions and the choice among them."""
