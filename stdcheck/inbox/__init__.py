"""The ledger inbox (``stdcheck serve``): departments hand in their ledgers through a browser or
the API, the bureau sees the round live and downloads the meeting report.

A second face over the same library as the command line: a request is parsed here, the library
checks, evaluates and renders (``validation.validate``, ``evaluate.check``, ``meeting.build``,
``render.render``), and the store — SQLite and the files by hash — is one room beside it.

Modules: ``store`` (the folder, the database, the files), ``tokens`` (random tokens, kept as
hashes), ``rounds`` (open, close, freeze), ``intake`` (an upload streamed in, kept, checked),
``standing`` (the round's documents: status, report, roll-call, pace), ``auth`` (sessions,
roles, CSRF), ``pages`` (the HTML pages), ``app`` (the ASGI app), ``cli`` (the commands).
Starlette, uvicorn and python-multipart (the ``serve`` extra) are imported only by ``app``,
``intake`` and the ``serve`` command, never at the command line's start-up.
"""
