"""One way to page a list: the page number from the query string, LIMIT/OFFSET in SQL, and the figures
the pager macro (templates/_paging.html) shows: "Visar 51–100 av 1 073".

Every list that can grow with the data (observations, activities, the audit trail, users, the outbox)
shows one page of PAGE_SIZE rows (app config, so tests can use 3). Views read the page number with
lagesbild/inputs.page_number: one that is not ASCII digits is page 1, and `clamp` shows the last page
for one beyond it, so a hostile `?sida=` is never a 500. Each paged list costs two statements: the
count and the page.
"""

from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int  # 1-based, within 1..pages
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """The 1-based position of the page's first row (0 on an empty list)."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_size() -> int:
    """Rows on a page: the app's PAGE_SIZE (50 by default)."""
    return int(current_app.config.get("PAGE_SIZE", DEFAULT_PAGE_SIZE))


def clamp(number: int, total: int, size: int) -> int:
    """The page to show: `number` within 1 and the last page of `total` rows."""
    return min(max(1, number), max(1, -(-total // size)))


def paginate(session: Session, statement: Select, number: int, size: int | None = None) -> Page:
    """One page of an ordered SELECT of one entity, with the total counted by the same WHERE (two
    statements); `number` beyond the last page gives the last page."""
    size = size or page_size()
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
    number = clamp(number, total, size)
    limited = statement.offset((number - 1) * size).limit(size)
    return Page(list(session.scalars(limited).all()), number, size, total)


def paginate_list(items: list[T], number: int, size: int | None = None) -> Page[T]:
    """One page of a list already in memory (reference lists sorted in Swedish order in Python)."""
    size = size or page_size()
    number = clamp(number, len(items), size)
    return Page(items[(number - 1) * size : number * size], number, size, len(items))
