"""Async, micro-batched toxicity inference for the bot."""
