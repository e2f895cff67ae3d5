"""The shipped model weights (data only; see README.md, the model card)."""
