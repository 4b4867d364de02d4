"""Editorial roles as Django groups, and the review workflow every entry goes through.

- Editors write and edit Finnish entries, start translations and submit for review; they cannot
  publish.
- Translators of one language (e.g. "Translators (sv)") start translations and edit only the
  pages of their language's tree; they cannot publish.
- Reviewers approve or reject in the review workflow ("Tarkastus – Granskning") and may publish in every language.

`ensure_editorial_roles()` creates whatever is missing and changes nothing else; `load_demo` calls
it after building the page tree.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

EDITORS = "Editors"
REVIEWERS = "Reviewers"
# Wagtail shows a workflow's and a task's name as stored, in every admin language; the names are
# in Finnish and Swedish, as a bilingual public body names things.
WORKFLOW_NAME = "Tarkastus – Granskning"
APPROVAL_TASK_NAME = "Tarkastajan hyväksyntä – Granskarens godkännande"
# The names earlier versions gave them, renamed when the roles are set up again.
FORMER_NAMES = {"Review": WORKFLOW_NAME, "Approval by a reviewer": APPROVAL_TASK_NAME}


def translators_group_name(language_code: str) -> str:
    return f"Translators ({language_code})"


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _set_page_permissions(group: Group, page: Page, codenames: list[str]) -> None:
    """Exactly these permissions on this page's subtree and no page permission elsewhere.

    Wagtail's own initial data gives a group named "Editors" rights on the whole tree; ours are
    narrower, so anything else the group holds is removed.
    """
    permissions = [_permission(f"wagtailcore.{codename}") for codename in codenames]
    GroupPagePermission.objects.filter(group=group).exclude(
        page=page, permission__in=permissions
    ).delete()
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_media(group: Group) -> None:
    collection = Collection.get_first_root_node()
    for label in (
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(label)
        )


# Editors and reviewers read and correct reports from the field; approving one publishes, so only
# those who may publish the entry can approve it.
REPORT_PERMISSIONS = [
    "methods.view_implementationreport",
    "methods.change_implementationreport",
    "methods.delete_implementationreport",
]


def _group(name: str, global_permissions: list[str]) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(*[_permission(label) for label in global_permissions])
    return group


@transaction.atomic
def ensure_editorial_roles(indexes: dict) -> dict[str, Group]:
    """Create the groups, their permissions and the review workflow. `indexes`: {language: index}."""
    homes = {language: index.get_parent() for language, index in indexes.items()}
    groups = {}

    editors = _group(
        EDITORS,
        ["wagtailadmin.access_admin", "wagtail_localize.submit_translation", *REPORT_PERMISSIONS],
    )
    _set_page_permissions(
        editors, homes[settings.LANGUAGE_CODE], ["add_page", "change_page", "lock_page"]
    )
    _grant_media(editors)
    groups[EDITORS] = editors

    for language in homes:
        if language == settings.LANGUAGE_CODE:
            continue
        translators = _group(
            translators_group_name(language),
            ["wagtailadmin.access_admin", "wagtail_localize.submit_translation"],
        )
        _set_page_permissions(translators, homes[language], ["add_page", "change_page"])
        _grant_media(translators)
        groups[translators.name] = translators

    reviewers = _group(
        REVIEWERS,
        ["wagtailadmin.access_admin", "wagtail_localize.submit_translation", *REPORT_PERMISSIONS],
    )
    _set_page_permissions(
        reviewers,
        Page.get_first_root_node(),
        ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    )
    _grant_media(reviewers)
    groups[REVIEWERS] = reviewers

    for former, name in FORMER_NAMES.items():
        Workflow.objects.filter(name=former).update(name=name)
        GroupApprovalTask.objects.filter(name=former).update(name=name)
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.add(reviewers)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in indexes.values():
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return groups
