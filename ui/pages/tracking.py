"""Section 五 of one agency's reports, year by year, as the commitments page shows it.

`qa.commitments.track_commitments` decides which problems and measures recur (and which a later
report no longer mentions); this module only reshapes its result into the page's `Timeline`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ui.pages.backend import Timeline, TrackedItem, YearCommitments

if TYPE_CHECKING:
    from qa.commitments import CommitmentYear

def timeline_from_store(store: Any, agency: str) -> Timeline:
    """Per year, problems and measures in their order, with the tracker's recurring flags when it works."""
    from qa.commitments import track_commitments

    return timeline_from_tracker(track_commitments(store, agency), agency)


def _item(t: Any) -> TrackedItem:
    earlier = "、".join(str(y) for y in t.earlier_years)
    return TrackedItem(
        kind=t.kind,
        index=t.index,
        text=t.text,
        recurring=t.recurring,
        note=f"{earlier}年报告中已有相似的表述" if earlier else None,
        dropped=t.dropped,
    )


def timeline_from_tracker(result: Sequence[CommitmentYear], agency: str) -> Timeline:
    """Reshape qa.commitments.track_commitments' years (oldest first) into a Timeline."""
    return Timeline(
        agency=agency,
        years=tuple(
            YearCommitments(
                year=y.year,
                report_id=y.report_id,
                problems=tuple(_item(t) for t in y.problems),
                measures=tuple(_item(t) for t in y.measures),
            )
            for y in result
        ),
    )
