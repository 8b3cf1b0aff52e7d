-- A map's street view counts the open cases in a box of one town
-- (CaseClusters): with the town's code not in cases_open_place, SQLite read
-- each open case of the box's band of latitudes from the table to check it
-- (60 maps a second, p99 70 ms, at a million cases). With it at the end of
-- both indexes of open cases by place, the query reads the index alone.
DROP INDEX cases_open_place;
CREATE INDEX cases_open_place ON cases (lat, lng, category, status, jurisdiction)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');
DROP INDEX cases_open_category;
CREATE INDEX cases_open_category ON cases (category, lat, lng, created_at, status, jurisdiction)
	WHERE status IN ('new', 'dispatched', 'accepted', 'resolved');
