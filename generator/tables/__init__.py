"""The tidy-tables stage: the observations a build works from (`dataset.Dataset`), read once from
the data folder's snapshots; every later stage reads this object, never files."""
