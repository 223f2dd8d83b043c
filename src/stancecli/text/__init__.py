"""Text: tokens (folded once, read by every later stage) and sentences with offsets."""
