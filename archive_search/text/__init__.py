"""Text analysis shared by indexing and search: folding of case, marks and script, and the
per-language analysers (tokenising, stop words, stemming) that both sides must agree on."""
