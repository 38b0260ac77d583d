INSERT INTO it_fw_account (id, name, note) VALUES (1, 'alice', NULL);
INSERT INTO it_fw_account (id, name, note) VALUES (2, 'bob', 'second');
INSERT INTO it_fw_account (id, name, note) VALUES (3, 'carol', 'third');
