PRAGMA encoding='UTF-16le';
CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);
INSERT INTO t VALUES
  (1, CAST(x'00d8' AS TEXT)),          -- a high surrogate at the end
  (2, CAST(x'00d86100' AS TEXT)),      -- a high surrogate before 'a'
  (3, CAST(x'610000dc6200' AS TEXT)),  -- 'a', a low surrogate, 'b'
  (4, CAST(x'00dc' AS TEXT)),          -- a low surrogate at the end
  (5, CAST(x'3dd800de' AS TEXT)),      -- a well-formed pair (U+1F600)
  (6, CAST(x'00d800d8' AS TEXT)),      -- two high surrogates
  (7, CAST(x'00dc00d8' AS TEXT)),      -- a low, then a high surrogate
  (8, CAST(x'00d800dc' AS TEXT)),      -- a well-formed pair (U+10000)
  (9, CAST(x'ffdb6100' AS TEXT)),      -- the last high surrogate before 'a'
  (10, CAST(x'610000d8' AS TEXT));     -- 'a', then a high surrogate at the end
