"""OneRoster 1.2 CSV import: read a bulk or delta zip (or folder), then apply it
by ``sourcedId``. ``read`` checks the files; ``apply`` makes the changes (a dry run
makes them inside a transaction that is rolled back, so its report is exactly what
applying would do); ``tasks`` runs it in the background with its progress."""
