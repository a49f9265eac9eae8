"""Names in the archive's text: the curated authority (people, organizations, places) and lookups in it."""

from pipeline.names.authority import (
    Authority,
    AuthorityError,
    CodeName,
    Entity,
    Person,
    fold,
    load_authority,
)

__all__ = ["Authority", "AuthorityError", "CodeName", "Entity", "Person", "fold", "load_authority"]
