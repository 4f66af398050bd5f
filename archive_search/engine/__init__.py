"""The storage engine: the index folder, its schema, the segment format, writing, merging and
locking. Whoosh is an implementation detail of this package."""
