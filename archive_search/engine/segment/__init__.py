"""The on-disk segment format: one home for every byte the engine writes and reads directly.

Segments are Whoosh 3's (whoosh-reloaded 2.7.5, pinned exactly), read and
written here without Whoosh's per-posting call chains; stock Whoosh reads
every segment written here.

* ``layout``: the format's constants (magic, struct formats, pickle
  protocols), the weight expansion and the length-byte table;
* ``blocks``: the block codec (a term's run of posting blocks: encode,
  decode, shift, cut short before the values);
* ``termtable``: the term table, read by lookup and written in bulk;
* ``columns``: per-document columns read whole or by document;
* ``filemap``: segment files read through memory maps;
* ``writer``: the fast segment writer (a Whoosh ``SegmentWriter`` with a per-term flush);
* ``reader``: the postings reader (lists, block directories, blocks, term statistics);
* ``fallback``: a fast path that cannot run says so once in the log, with its cause.

The writer, the merger (``engine.merging``) and the readers (``search.postings``)
all use it; outside it, no code reads private Whoosh attributes. Nothing is
imported here, so that reading never imports the writer.
"""
