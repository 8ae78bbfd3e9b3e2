"""Text-level steps shared by the extractors and query handling: dates and entity keys."""
