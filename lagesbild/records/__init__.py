"""Records as the law asks: observations are allmänna handlingar; gallring removes their free text and,
later, the observations themselves; utlämnande exports exactly the releasable fields."""
