"""Create a teacher account from the command line."""

import getpass
import sys

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.hashers import one_time_password_generate
from accounts.models import User
from accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create a teacher account. Without --password, asks for one when run in a "
        "terminal, or else prints a one-time password the teacher must change at "
        "the first sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--first", required=True, help="First name.")
        parser.add_argument("--last", required=True, help="Last name.")
        parser.add_argument("--email", default="", help="E-mail address.")
        parser.add_argument(
            "--password",
            help="The password (visible in the shell history: prefer the prompt).",
        )
        parser.add_argument(
            "--one-time",
            action="store_true",
            help="Generate a one-time password instead of asking for one.",
        )

    def handle(self, *args, username, first, last, email, **options):
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"The username {username!r} is taken.")
        candidate = User(
            username=username, first_name=first, last_name=last, email=email
        )
        password = options["password"]
        one_time = False
        if password is None and not options["one_time"] and sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords are not the same.")
        if password is None:
            password, one_time = one_time_password_generate(), True
        else:
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        try:
            user = user_create(
                username=username,
                password=password,
                role=User.Role.TEACHER,
                first_name=first,
                last_name=last,
                email=email,
                must_change_password=one_time,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Teacher account created: {user.username} ({user}).")
        )
        if one_time:
            self.stdout.write(
                f"One-time password: {password}\n"
                "Give it to the teacher; they choose their own at the first sign-in."
            )
