"""The knowledge base over the assembled corpus.

- store: ``models`` (SQLAlchemy tables), ``db`` (engine and sessions), ``store`` (read and write
  services), ``build`` (store a corpus build and derive what follows from it);
- derived at build time: ``collate`` (witnesses and revisions, pure), ``links`` (cross-links,
  pure), ``facts`` (numeric provisions, pure), ``relations`` (the service storing and reading them);
- search: ``index`` builds an index (the only module that writes one), ``search`` answers queries
  on a built one, ``engine`` is the seam between them (on-disk layout, versions, the ``ClauseIndex``
  protocol, the per-process holder), ``snippet`` cuts snippets (pure); ``query`` parses the query
  syntax, ``segment`` is the one door to jieba, ``vocab`` reads the editable vocabulary files;
- read models: ``views`` (rows as the JSON contract), ``readmodels`` (collation, diff, compare and
  topic views), ``compare`` (fact comparison, pure), ``render`` (the one door to markdown-it).
"""
