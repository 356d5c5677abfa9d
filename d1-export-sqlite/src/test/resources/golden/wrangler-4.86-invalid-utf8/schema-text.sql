PRAGMA defer_foreign_keys=TRUE;
CREATE TABLE t (a TEXT DEFAULT '���', b INT);
INSERT INTO "t" VALUES('���',1);
CREATE VIEW v AS SELECT '���' AS s;