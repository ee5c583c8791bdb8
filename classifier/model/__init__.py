"""The model contract shared with training: the directory's files, labels, heads, thresholds, text."""
