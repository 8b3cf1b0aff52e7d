-- B&B inspections (bnb_inspection.go, bnb_rectify.go): versioned checklists per
-- kind, the rounds that schedule inspections, the inspections with their item
-- results, the rectification cases' links to the items they came from, and
-- the guests' ratings the association imports. The two rectification
-- categories are inactive: nobody reports them; inspections make them.
CREATE TABLE bnb_checklists (
	kind       TEXT NOT NULL,
	version    INTEGER NOT NULL,
	items      TEXT NOT NULL, -- JSON array of {code, text_zh, text_en, serious}
	created_by INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (kind, version)
) STRICT;
CREATE TABLE bnb_rounds (
	kind         TEXT NOT NULL,
	unit         TEXT NOT NULL,
	every_days   INTEGER NOT NULL,
	members_only INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (kind, unit)
) STRICT;
CREATE TABLE bnb_inspections (
	id           INTEGER PRIMARY KEY,
	bnb_id       INTEGER NOT NULL REFERENCES bnbs (id),
	jurisdiction TEXT NOT NULL,
	kind         TEXT NOT NULL,
	version      INTEGER NOT NULL,
	inspector_id INTEGER NOT NULL REFERENCES users (id),
	unit         TEXT NOT NULL DEFAULT '',
	self         INTEGER NOT NULL DEFAULT 0,
	results      TEXT NOT NULL, -- JSON array of {code, result, note, photo, case}
	passed       INTEGER NOT NULL,
	failed       INTEGER NOT NULL,
	client_id    TEXT NOT NULL DEFAULT '',
	at           INTEGER NOT NULL
) STRICT;
CREATE INDEX bnb_inspections_bnb ON bnb_inspections (bnb_id, at);
CREATE UNIQUE INDEX bnb_inspections_client ON bnb_inspections (inspector_id, client_id) WHERE client_id <> '';
CREATE TABLE bnb_rectifications (
	case_id       INTEGER PRIMARY KEY REFERENCES cases (id),
	bnb_id        INTEGER NOT NULL REFERENCES bnbs (id),
	inspection_id INTEGER NOT NULL REFERENCES bnb_inspections (id),
	kind          TEXT NOT NULL,
	item          TEXT NOT NULL,
	serious       INTEGER NOT NULL DEFAULT 0,
	authority     TEXT NOT NULL,
	inspector_id  INTEGER NOT NULL,
	due_at        INTEGER NOT NULL,
	resolved_at   INTEGER,
	verified_at   INTEGER,
	verified_by   INTEGER NOT NULL DEFAULT 0,
	created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX bnb_rectifications_bnb ON bnb_rectifications (bnb_id, created_at);
CREATE INDEX bnb_rectifications_authority ON bnb_rectifications (authority, verified_at, due_at);
CREATE TABLE bnb_ratings (
	bnb_id     INTEGER PRIMARY KEY REFERENCES bnbs (id),
	average    REAL NOT NULL,
	count      INTEGER NOT NULL,
	source     TEXT NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
INSERT INTO bnb_checklists (kind, version, items, created_at) VALUES ('fire', 1, '[{"code": "extinguisher", "text_zh": "每层配备合格灭火器且在有效期内", "text_en": "Working, in-date extinguishers on every floor", "serious": true}, {"code": "smoke_alarm", "text_zh": "客房和走道安装独立式感烟火灾探测报警器并能正常报警", "text_en": "Smoke alarms in every room and corridor, sounding when tested", "serious": true}, {"code": "escape_route", "text_zh": "疏散通道、安全出口畅通，设置应急照明和疏散指示", "text_en": "Escape routes and exits clear, with emergency lights and exit signs", "serious": true}, {"code": "wiring", "text_zh": "电气线路穿管保护，无私拉乱接、无超负荷用电", "text_en": "Wiring in conduit, no makeshift or overloaded circuits"}, {"code": "gas", "text_zh": "燃气管道和灶具完好，安装可燃气体报警装置", "text_en": "Gas pipes and stoves sound, with a gas alarm fitted", "serious": true}]', 0);
INSERT INTO bnb_checklists (kind, version, items, created_at) VALUES ('security', 1, '[{"code": "registration", "text_zh": "使用旅馆业治安管理信息系统，住客一人一证实名登记", "text_en": "The police guest-registration system in use: every guest registered by ID", "serious": true}, {"code": "surveillance", "text_zh": "出入口和公共区域视频监控正常运行，录像保存不少于30天", "text_en": "Cameras at entrances and common areas working, recordings kept 30 days"}, {"code": "valuables", "text_zh": "设置贵重物品保管措施并告知住客", "text_en": "Safekeeping for guests'' valuables, and guests told of it"}]', 0);
INSERT INTO bnb_checklists (kind, version, items, created_at) VALUES ('hygiene', 1, '[{"code": "linen", "text_zh": "床单被套一客一换，布草洗涤消毒记录齐全", "text_en": "Bed linen changed for every guest, laundry and disinfection logged"}, {"code": "cups", "text_zh": "公共用品用具清洗消毒，有保洁设施", "text_en": "Cups and shared items cleaned and disinfected"}, {"code": "staff_health", "text_zh": "从业人员持有效健康证明", "text_en": "Staff hold valid health certificates"}]', 0);
INSERT INTO bnb_checklists (kind, version, items, created_at) VALUES ('food', 1, '[{"code": "food_licence", "text_zh": "提供餐饮的持有食品经营许可证", "text_en": "Food served only with a food business licence"}, {"code": "storage", "text_zh": "食品分类储存，生熟分开，无过期食品", "text_en": "Food stored by kind, raw and cooked apart, nothing out of date"}, {"code": "kitchen", "text_zh": "厨房清洁，有防鼠防蝇设施", "text_en": "Kitchen clean, protected against rats and flies"}]', 0);
INSERT INTO bnb_checklists (kind, version, items, created_at) VALUES ('peer', 1, '[{"code": "service", "text_zh": "前台接待、入住退房服务规范", "text_en": "Reception, check-in and check-out done properly"}, {"code": "cleanliness", "text_zh": "客房和公共区域整洁", "text_en": "Rooms and common areas clean and tidy"}, {"code": "price", "text_zh": "明码标价，无价格欺诈", "text_en": "Prices displayed, no overcharging"}, {"code": "fire_basics", "text_zh": "灭火器、疏散图到位", "text_en": "Extinguishers and evacuation plans in place"}]', 0);
INSERT INTO categories (code, name_zh, name_en, category_group, priority, sign_n, sign_unit, resolve_n, resolve_unit, active, sort) VALUES ('bnb-rectify-urgent', '民宿整改（严重隐患）', 'B&B rectification (serious)', 'bnb', 1, 24, 'h', 72, 'h', 0, 900) ON CONFLICT (code) DO NOTHING;
INSERT INTO categories (code, name_zh, name_en, category_group, priority, sign_n, sign_unit, resolve_n, resolve_unit, active, sort) VALUES ('bnb-rectify', '民宿整改', 'B&B rectification', 'bnb', 3, 1, 'wd', 15, 'wd', 0, 900) ON CONFLICT (code) DO NOTHING;
