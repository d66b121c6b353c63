"""The question bank and everything a candidate does with it.

- pure: ``generators`` (a registry of question makers over clauses), ``validate`` (the gates),
  ``mutate``, ``numbers``, ``terms``, ``text``, ``context`` (what generators stand on), ``model``
  (question dataclasses), ``scoring`` (the exam's rules), ``paper`` (paper assembly), ``schedule``
  (the one door to fsrs), ``stats`` (progress and item analysis);
- services over a session (they flush, never commit): ``rebuild`` (corpus, then bank: the whole
  build), ``bank``, ``review`` (纠错 and trainer edits), ``export`` (the one door to the office and
  Anki libraries), ``accounts``, ``practice``, ``exam``.
"""
