PRAGMA defer_foreign_keys=TRUE;
CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  email TEXT UNIQUE,
  avatar BLOB
);
INSERT INTO "users" ("id","name","email","avatar") VALUES(1,'Ada Lovelace','ada@example.com',X'89504e470d0a1a0a');
INSERT INTO "users" ("id","name","email","avatar") VALUES(2,'José Müller','jose@example.com',NULL);
INSERT INTO "users" ("id","name","email","avatar") VALUES(3,'李小龍 🐉',NULL,X'');
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  item TEXT NOT NULL,
  quantity INTEGER NOT NULL DEFAULT 1,
  price REAL,
  note TEXT
);
INSERT INTO "orders" ("id","user_id","item","quantity","price","note") VALUES(1,1,'Analytical Engine',1,1843.5,'first!');
INSERT INTO "orders" ("id","user_id","item","quantity","price","note") VALUES(2,1,'Punch cards',200,0.25,NULL);
INSERT INTO "orders" ("id","user_id","item","quantity","price","note") VALUES(3,2,'Café crème',2,3.2,'it''s hot');
INSERT INTO "orders" ("id","user_id","item","quantity","price","note") VALUES(4,3,'茶',3,NULL,replace('line one\nline two','\n',char(10)));
DELETE FROM sqlite_sequence;
INSERT INTO "sqlite_sequence" ("name","seq") VALUES('users',3);
CREATE INDEX orders_by_user ON orders(user_id);
CREATE VIEW order_totals AS
  SELECT u.name AS name, count(o.id) AS orders, sum(o.quantity * o.price) AS total
  FROM users u LEFT JOIN orders o ON o.user_id = u.id
  GROUP BY u.id;