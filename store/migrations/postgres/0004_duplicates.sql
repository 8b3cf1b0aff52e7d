-- The check for duplicates, and any search of open cases near a point,
-- reads candidates' positions and report times from cases_open_category.
-- With status in the index too, an index-only scan can answer.
DROP INDEX cases_open_category;
CREATE INDEX cases_open_category ON cases (category, lat, lng, created_at, status)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');
