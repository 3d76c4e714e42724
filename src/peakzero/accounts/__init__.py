"""Accounts, roles, the access policy, sessions and API tokens — an engine without a web
framework: the API and the CLI call these functions.

- :mod:`~peakzero.accounts.roles` — the roles and their labels;
- :mod:`~peakzero.accounts.policy` — the policy table and :func:`authorize` / :func:`visible`,
  which every route and query goes through;
- :mod:`~peakzero.accounts.passwords` — argon2id hashes;
- :mod:`~peakzero.accounts.users` — accounts, roles and scopes (audited);
- :mod:`~peakzero.accounts.sessions` — login (throttled), server-side sessions, logout;
- :mod:`~peakzero.accounts.tokens` — API tokens;
- :mod:`~peakzero.accounts.throttle` — the login throttle.
"""

from peakzero.accounts.errors import (
    AccountError,
    InvalidAccountInput,
    NameTaken,
    UnknownToken,
    UnknownUser,
)
from peakzero.accounts.policy import (
    CITY,
    RESOURCES,
    Action,
    Decision,
    Principal,
    Visible,
    authorize,
    visible,
    visible_regions,
)
from peakzero.accounts.roles import LABELS, Role
from peakzero.accounts.sessions import (
    LoginResult,
    NewSession,
    SessionInfo,
    check_csrf,
    create_session,
    login,
    logout,
    lookup_session,
)
from peakzero.accounts.tokens import (
    NewToken,
    TokenInfo,
    create_token,
    list_tokens,
    lookup_token,
    revoke_token,
)
from peakzero.accounts.users import (
    UserInfo,
    add_user,
    disable_user,
    enable_user,
    get_user,
    list_users,
    principal_of,
    set_language,
    set_password,
    set_roles,
    set_scopes,
)

__all__ = [
    "CITY",
    "LABELS",
    "RESOURCES",
    "AccountError",
    "Action",
    "Decision",
    "InvalidAccountInput",
    "LoginResult",
    "NameTaken",
    "NewSession",
    "NewToken",
    "Principal",
    "Role",
    "SessionInfo",
    "TokenInfo",
    "UnknownToken",
    "UnknownUser",
    "UserInfo",
    "Visible",
    "add_user",
    "authorize",
    "check_csrf",
    "create_session",
    "create_token",
    "disable_user",
    "enable_user",
    "get_user",
    "list_tokens",
    "list_users",
    "login",
    "logout",
    "lookup_session",
    "lookup_token",
    "principal_of",
    "revoke_token",
    "set_language",
    "set_password",
    "set_roles",
    "set_scopes",
    "visible",
    "visible_regions",
]
