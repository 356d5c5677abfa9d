import random, sqlite3, sys
path, enc, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(seed)
units = [0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xD83D, 0xDE00, 0x61, 0x0A, 0x0D, 0x27, 0x00, 0xFFFD, 0xFEFF, 0x7F, 0xE9, 0x20AC]
con = sqlite3.connect(path)
con.execute("PRAGMA encoding='%s'" % enc)
con.execute("CREATE TABLE f(id INTEGER PRIMARY KEY, v TEXT)")
le = enc.lower().endswith('le')
rows = []
for i in range(3000):
    n = rnd.randint(1, 6)
    b = b''.join(u.to_bytes(2, 'little' if le else 'big') for u in (rnd.choice(units) for _ in range(n)))
    if rnd.random() < 0.05:
        b += bytes([rnd.randint(0, 255)])  # an odd trailing byte
    rows.append((i, b))
con.executemany("INSERT INTO f VALUES (?, CAST(? AS TEXT))", rows)
con.commit()
