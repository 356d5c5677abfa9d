PRAGMA defer_foreign_keys=TRUE;
CREATE TABLE a(x);
INSERT INTO "a" VALUES(1);
ANALYZE sqlite_schema;