"""Export a unit as a portable package, and import one.

A package carries content only: the unit, its lessons, the excerpts placed in them
(with their sources, glossaries and themes), the related documents and the prompts.
Nothing about people travels: no owner, co-author, class, assignment or answer.

Import is one transaction (all or nothing) and idempotent: the unit is matched by
its package id (or its slug), sources by slug and content, themes by slug, so
importing the same package twice changes nothing the second time. A local source
that has the same slug but different content is never overwritten: the package's
version is added beside it under a new slug.

Export is in ``packages.services.export``, import in ``packages.services.importing``;
the names callers use are here.
"""

from packages.services.export import package_filename, unit_package_export
from packages.services.importing import ImportResult, unit_package_import

__all__ = [
    "ImportResult",
    "package_filename",
    "unit_package_export",
    "unit_package_import",
]
