"""Page models and their builders. Each module has `build(ctx)`; models are plain data."""
