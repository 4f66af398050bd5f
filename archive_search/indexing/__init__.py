"""The indexing flow: walking sources, parsing in worker processes, deciding what is new,
the manifest of files seen, reports, progress, verification and the atomic rebuild."""
