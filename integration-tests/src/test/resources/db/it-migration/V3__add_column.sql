ALTER TABLE it_fw_account ADD COLUMN score INT;
UPDATE it_fw_account SET score = id * 10;
INSERT INTO it_fw_account (id, name, note, score) VALUES (4, 'dave', NULL, 40);
