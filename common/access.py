"""The registry of roles, actions and scopes that every app fills in its AppConfig.ready (common knows no app).

An app declares its roles (code, label, which scopes a grant of it may name, what it allows: actions named
"<app>.<what>", e.g. "exams.session.proctor") and may let the roles of an app it depends on do its own actions
(skills lets HR officers read the standard). It also says, for each of its models whose objects are guarded,
which scopes an object lies in: a staff record in its unit (and its person's own scope), a room session in
itself and in its exam. The registry answers two questions: which roles allow an action, and which scopes an
object lies in; matching them against a user's grants is the owner of grants' work (hrm.selectors.may).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

EVERY_ACTION = "*"  # the province administrator's role allows every action
JOBS_VIEW = "common.jobs.view"  # common's own pages: the apps say which of their roles use them (allow)
AUDIT_VIEW = "common.audit.view"


class Scope(NamedTuple):
    """Where an object lies: ("unit", unit id), ("object", "app_label.model", id), ("own", person id) or
    ("user", user id): the principal it belongs to (a candidate's login)."""

    kind: str
    key: object
    id: int | None = None

    @classmethod
    def unit(cls, unit_id: int) -> "Scope":
        return cls("unit", unit_id)

    @classmethod
    def object(cls, obj) -> "Scope":
        return cls("object", obj._meta.label_lower, obj.pk)

    @classmethod
    def own(cls, person_id: int) -> "Scope":
        return cls("own", person_id)

    @classmethod
    def of(cls, label: str, pk: int) -> "Scope":
        """The object `label` #`pk` an object belongs to, without loading it (a room session's exam)."""
        return cls("object", label, pk)

    @classmethod
    def user(cls, user_id: int) -> "Scope":
        return cls("user", user_id)


@dataclass
class RoleDef:
    """A role an app declares: what grants of it may be scoped to, and the actions it allows."""

    code: str
    label: object
    app: str
    scopes: frozenset[str] = frozenset({"everywhere"})  # "everywhere", "unit", "own" or an "app_label.model"
    actions: set[str] = field(default_factory=set)
    granted: bool = True  # False: held by what a user is (staff see their own record), never granted
    # True: a grant covers only the holder's own objects within its scope (a candidate: his own candidacy, not the
    # other candidates of his exam)
    own_only: bool = False
    # The Django admin: a group named after the role, with these model permissions (app_label, models, actions)
    admin_permissions: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def admin_group(self) -> str:
        return f"role:{self.code}" if self.admin_permissions else ""


class AccessRegistry:
    def __init__(self):
        self._roles: dict[str, RoleDef] = {}
        self._resolvers: dict[str, Callable[[object], Iterable[Scope]]] = {}
        self._checker: Callable[..., bool] | None = None
        self._holder: Callable[..., set[str]] | None = None

    # --- declaring (apps, in ready()) ---------------------------------------------------------------
    def role(self, role: RoleDef) -> RoleDef:
        """Declare a role; declaring the same code again (a reloaded app) replaces it."""
        self._roles[role.code] = role
        return role

    def allow(self, code: str, *actions: str) -> None:
        """Let the role `code` (of an app the caller depends on) do some of the caller's actions."""
        self._roles[code].actions.update(actions)

    def allow_admin(self, code: str, app_label: str, models: list[str], actions: list[str]) -> None:
        """Give the admin group of role `code` these model permissions of the caller's app."""
        self._roles[code].admin_permissions.append((app_label, models, actions))

    def scopes_of_model(self, label: str, resolver: Callable[[object], Iterable[Scope]]) -> None:
        """Say which scopes the objects of model `label` ("app_label.model") lie in."""
        self._resolvers[label] = resolver

    def grants_from(self, *, may: Callable[..., bool], roles_of: Callable[..., set[str]]) -> None:
        """The owner of grants (hrm) says how to check them: may(user, action, obj) and roles_of(user)."""
        self._checker, self._holder = may, roles_of

    # --- asking --------------------------------------------------------------------------------------
    def may(self, user, action: str, obj=None) -> bool:
        """The one role check, for code that cannot import the owner of grants (common's own pages)."""
        return bool(self._checker and self._checker(user, action, obj))

    def role_labels(self, codes) -> list[str]:
        """The roles `codes` in words, in the active language (a code nobody declared stays as it is)."""
        return sorted(str(self._roles[code].label) if code in self._roles else code for code in codes)

    def roles_of(self, user) -> set[str]:
        """Codes of the roles `user` holds today (granted or held by what he is)."""
        return self._holder(user) if self._holder and user is not None and user.is_authenticated else set()

    def get(self, code: str) -> RoleDef | None:
        return self._roles.get(code)

    def roles(self) -> list[RoleDef]:
        return list(self._roles.values())

    def choices(self) -> list[tuple[str, object]]:
        """(code, label) of the roles that can be granted, for the Grant.role field."""
        return [(r.code, r.label) for r in self._roles.values() if r.granted]

    def allowing(self, action: str) -> set[str]:
        """Codes of the roles that allow `action`."""
        return {r.code for r in self._roles.values() if action in r.actions or EVERY_ACTION in r.actions}

    def scopes_of(self, obj) -> list[Scope]:
        """The scopes `obj` lies in (empty for a model nobody declared: only everywhere-grants reach it)."""
        resolver = self._resolvers.get(obj._meta.label_lower)
        return list(resolver(obj)) if resolver else []


ACCESS = AccessRegistry()


def role_choices() -> list[tuple[str, object]]:
    """Choices of Grant.role: every grantable role the installed apps declared."""
    return ACCESS.choices()
