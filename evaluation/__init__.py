"""Scoring extraction against gold (GOLD_FORMAT.md): the eval command and training labels."""
