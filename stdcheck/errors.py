"""The one kind of error the command line turns into a message and exit code 2.

Policy and ledger errors subclass it and format themselves with file, line and how to fix it,
so the CLI needs to import neither the YAML loader nor the spreadsheet readers to catch them.
"""


class InputError(Exception):
    """Input the tool cannot use: bad policy data, an unreadable ledger, an unwritable output."""

    hint: str = ""  # one more line for the person at the terminal, if any

    def localized(self, lang: str) -> str:
        """The message in ``lang`` where the error has one (ledger errors do), else English."""
        return str(self)


class OutputError(InputError):
    """The report could not be written where asked."""
