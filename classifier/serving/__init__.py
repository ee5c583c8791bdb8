"""The serving room: async scoring in process, the model service, and its client, behind ``Scorer``."""
