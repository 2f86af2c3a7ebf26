// Run under Bun by migrate-bun.test.js: the migrator on bun:sqlite. argv[2] = migrations folder,
// argv[3] = database file. Prints one JSON line with what the test asserts.
import { Database } from 'bun:sqlite';

import { migrate } from '../../../js/migrate.js';

const [folder, file] = process.argv.slice(2);
const db = new Database(file, { create: true });
db.run('PRAGMA foreign_keys = ON');
const first = await migrate(db, { migrationsFolder: folder, to: '20260101000000_init' });
db.run("INSERT INTO users (id, name) VALUES (1, 'ada'); INSERT INTO posts (id, user_id) VALUES (1, 1), (2, 1);");
const second = await migrate(db, { migrationsFolder: folder });
const again = await migrate(db, { migrationsFolder: folder });
console.log(JSON.stringify({
  driver: first.driver,
  first: first.applied.map((a) => a.name),
  second: second.applied.map((a) => a.name),
  again: again.applied.length,
  posts: db.prepare('SELECT count(*) AS n FROM posts').get().n,
  foreignKeys: db.prepare('PRAGMA foreign_keys').get().foreign_keys,
  rows: db.prepare('SELECT id, name, created_at FROM __drizzle_migrations ORDER BY id').all(),
}));
db.close();
