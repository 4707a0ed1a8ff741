"""Scheduled and background jobs beside the requests, called by the scheduler
(app/runners) and `zorgpad scheduler run-once`:

- sweep.py: the timer sweep: fire every due timer once, one instance per
  transaction, in forked workers when many are due (sweep_workers.py), with the
  garbage collector kept to young generations meanwhile (memory.py);
- documents.py: the .docx of a document a step asked for, after the step's commit;
- document_pdfs.py: the PDF of each document version;
- after_commit.py: the worker thread and session hand-over the two document jobs share.
"""
