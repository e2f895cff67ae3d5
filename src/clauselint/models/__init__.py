"""The shipped model weights (data only; see README.md, the model card)."""

MODEL_FILE = "cuad-sentences.npz"  # read by clauselint.model; hashed into cache keys by packs
