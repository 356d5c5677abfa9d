PRAGMA defer_foreign_keys=TRUE;
CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);
INSERT INTO "t" VALUES(1,'﻿�');
INSERT INTO "t" VALUES(2,'﻿A');
INSERT INTO "t" VALUES(3,replace('﻿\nA','\n',char(10)));