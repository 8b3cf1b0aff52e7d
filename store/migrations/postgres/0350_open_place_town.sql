-- A map's street view counts the open cases in a box of one town
-- (CaseClusters). With the town's code at the end of both indexes of open
-- cases by place, as on SQLite (where it made the query read the index
-- alone), the town is checked in the index before any row is fetched.
DROP INDEX cases_open_place;
CREATE INDEX cases_open_place ON cases (lat, lng, category, status, jurisdiction)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');
DROP INDEX cases_open_category;
CREATE INDEX cases_open_category ON cases (category, lat, lng, created_at, status, jurisdiction)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');
