-- TEXT holding UTF-8-encoded surrogates (ED A0..BF ..), i.e. invalid UTF-8
CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
INSERT INTO t VALUES (1, CAST(x'eda080' AS TEXT));      -- encoded U+D800
INSERT INTO t VALUES (2, CAST(x'edbfbf' AS TEXT));      -- encoded U+DFFF
INSERT INTO t VALUES (3, CAST(x'eda0bdedb880' AS TEXT)); -- CESU-8 pair for U+1F600
INSERT INTO t VALUES (4, CAST(x'edbf' AS TEXT));        -- truncated
INSERT INTO t VALUES (5, char(55296));                   -- char(0xD800): SQLite writes ED A0 80
INSERT INTO t VALUES (6, CAST(x'ed9fbf' AS TEXT));      -- control: U+D7FF, valid
INSERT INTO t VALUES (7, CAST(x'ed41' AS TEXT));        -- control: ED + ASCII
