"""Fine-tuning multi-label toxicity classifiers (``python -m training``)."""
