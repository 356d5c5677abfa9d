PRAGMA defer_foreign_keys=TRUE;
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO "users" VALUES(1,'ada');