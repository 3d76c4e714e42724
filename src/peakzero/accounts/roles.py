"""The platform's roles (角色), with their labels in Chinese and English.

A role says what a user may do (the policy table, :mod:`peakzero.accounts.policy`); a scope
(districts, projects) says on which data. Two roles are scoped: a ``district_officer`` acts on
the districts given to the user, a ``project_owner`` on the projects given to the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["LABELS", "SCOPED", "Role", "RoleLabel", "parse_role"]


class Role(StrEnum):
    admin = "admin"
    city_planner = "city_planner"
    modeller = "modeller"
    programme_manager = "programme_manager"
    district_officer = "district_officer"
    project_owner = "project_owner"
    viewer = "viewer"


@dataclass(frozen=True)
class RoleLabel:
    zh: str
    en: str
    description_en: str

    def label(self, lang: str = "zh") -> str:
        """The name in ``lang`` (``zh…`` is Chinese, anything else English)."""
        return self.zh if lang.startswith("zh") else self.en


LABELS: dict[Role, RoleLabel] = {
    Role.admin: RoleLabel("系统管理员", "Administrator", "manages accounts, roles and tokens"),
    Role.city_planner: RoleLabel(
        "市级规划人员", "City planner", "city commissions (S&T, DRC): reads all, plans pathways"
    ),
    Role.modeller: RoleLabel("建模人员", "Modeller", "runs inventories, pathways and grid studies"),
    Role.programme_manager: RoleLabel(
        "项目管理人员", "Programme manager", "steers the innovation programme's tasks and calls"
    ),
    Role.district_officer: RoleLabel(
        "区级工作人员", "District officer", "a district government: its own district's data"
    ),
    Role.project_owner: RoleLabel(
        "示范项目负责人", "Project owner", "a demonstration project: its own projects' data"
    ),
    Role.viewer: RoleLabel("浏览者", "Viewer", "reads the public, city-wide views"),
}

SCOPED: dict[Role, str] = {Role.district_officer: "district", Role.project_owner: "project"}
"""The roles that act only within a scope, and the kind of scope each needs."""


def parse_role(text: str) -> Role:
    """The role named ``text``; a :class:`ValueError` naming the valid ones otherwise."""
    try:
        return Role(text.strip())
    except ValueError:
        valid = ", ".join(role.value for role in Role)
        msg = f"unknown role {text!r}; valid roles: {valid}"
        raise ValueError(msg) from None
