"""Match: the pack's phrases found in the words, and each candidate sentence read once."""
