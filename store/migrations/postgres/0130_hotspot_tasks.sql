-- hotspot_tasks links a preventive task (tasks) to the hot spot it was
-- made of: a category in a cell of the ~100 m grid (guanjia.HotspotKey,
-- docs/figures.md), written in the task's transaction. A hot spot shows it
-- was acted on while such a task is in its window.
CREATE TABLE hotspot_tasks (
	task_id      bigint PRIMARY KEY REFERENCES tasks (id),
	jurisdiction text NOT NULL,
	category     text NOT NULL,
	cell_row     bigint NOT NULL,
	cell_col     bigint NOT NULL,
	created_at   timestamptz NOT NULL
);
CREATE INDEX hotspot_tasks_created ON hotspot_tasks (created_at);
