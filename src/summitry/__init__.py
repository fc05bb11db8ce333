"""summitry: news articles in, a verified timeline of leader-level diplomatic contacts out."""

__version__ = "0.1.0"
