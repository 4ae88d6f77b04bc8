"""The member's category list, ordered by what their organisation usually reports. Pure."""


def usual_first(tree: list[tuple], usual_ids: set[int]) -> list[tuple]:
    """The (top, subcategories) tree with the usual subcategories first in their top category, and the
    top categories that hold any usual subcategory first; otherwise the taxonomy's order is kept."""
    if not usual_ids:
        return tree
    ordered = [(top, sorted(subs, key=lambda sub: sub.id not in usual_ids)) for top, subs in tree]
    return sorted(ordered, key=lambda pair: not any(sub.id in usual_ids for sub in pair[1]))
