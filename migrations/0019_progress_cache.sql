-- The dashboards' cache key (crates/core/src/progress/cache.rs): a counter raised by every change
-- to what the national dashboard and the series add up besides this workspace's own entries —
-- the communes' snapshots and their senders, the inventories, the targets. A cached dashboard
-- is reused only while the counter is unchanged, so any writer (the app, the CLI, another
-- session) invalidates it by writing.
CREATE TABLE progress_generation (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    n   INTEGER NOT NULL
);
INSERT INTO progress_generation (id, n) VALUES (1, 0);

CREATE TRIGGER progress_sender_generation_insert AFTER INSERT ON progress_sender
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_sender_generation_update AFTER UPDATE ON progress_sender
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_sender_generation_delete AFTER DELETE ON progress_sender
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_snapshot_generation_insert AFTER INSERT ON progress_snapshot
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_snapshot_generation_update AFTER UPDATE ON progress_snapshot
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_snapshot_generation_delete AFTER DELETE ON progress_snapshot
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_snapshot_data_generation_insert AFTER INSERT ON progress_snapshot_data
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_snapshot_data_generation_update AFTER UPDATE ON progress_snapshot_data
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_snapshot_data_generation_delete AFTER DELETE ON progress_snapshot_data
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_snapshot_registry_generation_insert AFTER INSERT ON progress_snapshot_registry
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_snapshot_registry_generation_update AFTER UPDATE ON progress_snapshot_registry
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_snapshot_registry_generation_delete AFTER DELETE ON progress_snapshot_registry
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_inventory_generation_insert AFTER INSERT ON progress_inventory
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_inventory_generation_update AFTER UPDATE ON progress_inventory
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_inventory_generation_delete AFTER DELETE ON progress_inventory
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_target_generation_insert AFTER INSERT ON progress_target
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_target_generation_update AFTER UPDATE ON progress_target
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;

CREATE TRIGGER progress_target_generation_delete AFTER DELETE ON progress_target
BEGIN UPDATE progress_generation SET n = n + 1 WHERE id = 1; END;
