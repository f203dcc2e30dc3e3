from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import SettingsDep
from api.security import AccountsDep, AdminDep, UserDep
from reminders.contacts import Contact, Directory, load, save

router = APIRouter(tags=["danh bạ nhắc việc"])


class ContactIn(BaseModel):
    name: str = Field(min_length=2, max_length=300, examples=["Sở Tài chính"])
    aliases: list[str] = Field(default_factory=list, examples=[["STC"]])
    email: list[str] = Field(default_factory=list, examples=[["stc@laocai.gov.vn"]])
    webhook: str | None = Field(
        None, pattern=r"^https?://", examples=["https://e-office.local/hook"]
    )


class ContactsIn(BaseModel):
    default_email: str | None = Field(
        None, description="nhiệm vụ của đơn vị chưa có trong danh bạ gửi về đây"
    )
    contacts: list[ContactIn]


def _out(directory: Directory) -> ContactsIn:
    return ContactsIn(
        default_email=directory.default_email,
        contacts=[
            ContactIn(name=c.name, aliases=list(c.aliases), email=list(c.email), webhook=c.webhook)
            for c in directory.contacts
        ],
    )


@router.get("/contacts", response_model=ContactsIn, summary="Danh bạ: đơn vị → email, webhook")
def get_contacts(user: UserDep, settings: SettingsDep) -> ContactsIn:
    return _out(load(settings.contacts_path))


@router.put("/contacts", response_model=ContactsIn, summary="Thay danh bạ (quản trị)")
def put_contacts(
    new: ContactsIn, admin: AdminDep, accounts: AccountsDep, settings: SettingsDep
) -> ContactsIn:
    directory = Directory.of(
        new.default_email,
        tuple(Contact(c.name, tuple(c.aliases), tuple(c.email), c.webhook) for c in new.contacts),
    )
    save(directory, settings.contacts_path)
    accounts.audit(admin.username, "sửa danh bạ", None, f"{len(directory.contacts)} đơn vị")
    return _out(load(settings.contacts_path))
