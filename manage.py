#!/usr/bin/env python
import os
import secrets
import sys

# Commands that sign nothing, store nothing and touch no database (hms_decide: facts in,
# decision out). They run without the site's SECRET_KEY: a throwaway one per process.
PURE_COMMANDS = {"hms_decide"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hms_cert.settings")
    if sys.argv[1:2] and sys.argv[1] in PURE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
