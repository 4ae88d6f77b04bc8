"""Single use on both databases: spend a link, a recovery code or a TOTP time step exactly once.

Reading a row and then writing it is not enough: on PostgreSQL (READ COMMITTED) many requests can read
the row as unused at the same moment. One conditional UPDATE is: the first request takes the row lock
and changes the row; the others wait for the lock, then find the condition false and change nothing.
The row count says which request won, on PostgreSQL as on SQLite (whose single writer serialises them).
"""

from sqlalchemy import update

from lagesbild.extensions import db


def claim(model, *conditions, **values) -> bool:
    """Set `values` where `conditions` hold; True only for the request whose UPDATE changed a row."""
    result = db.session.execute(
        update(model).where(*conditions).values(**values).execution_options(synchronize_session=False)
    )
    return result.rowcount > 0
