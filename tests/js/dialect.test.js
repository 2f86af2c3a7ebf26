// The dialect seam: the shim learns dialects from the core (names, aliases, commands, migrations
// defaults), a command a wing does not serve is refused naming the command and the dialect, and no
// file in js/ but the one table compares dialect names.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { dialectFor, dialects } from '../../js/dialect.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('the core lists every name a drizzle-kit config accepts, and the wing of each', async () => {
  const table = await dialects();
  assert.deepEqual(table.configNames, ['postgresql', 'mysql', 'sqlite', 'turso', 'singlestore', 'mssql', 'cockroach', 'duckdb']);
  assert.equal(table.migrationsTable, '__drizzle_migrations');
  const turso = await dialectFor('turso');
  assert.equal(turso.name, 'sqlite');
  assert.deepEqual(turso.configNames, ['sqlite', 'turso']);
  assert.equal(turso.migrationsSchema, null);
  const pg = await dialectFor('postgresql', 'pull');
  assert.equal(pg.migrationsSchema, 'drizzle');
  assert.ok(pg.commands.includes('push') && pg.commands.includes('migrate'));
  assert.equal(typeof pg.describe, 'function', 'the Postgres wing reads schema modules');
});

test('every wing serves every command; a dialect without a wing is refused by name', async () => {
  for (const name of ['postgresql', 'sqlite', 'mysql']) {
    const wing = await dialectFor(name, 'pull');
    for (const command of ['generate', 'export', 'check', 'push', 'pull', 'up', 'migrate', 'drift']) assert.ok(wing.commands.includes(command), `${name} ${command}`);
  }
  await assert.rejects(dialectFor('duckdb', 'migrate'), { code: 'unsupported_command_dialect_error', message: /"duckdb" is not supported by sleet yet/ });
  await assert.rejects(dialectFor('oracle'), { code: 'invalid_input', message: /"oracle" is not one of postgresql, mysql/ });
});

test('js/ compares dialect names in one place only (js/dialect.js); drivers only declare theirs', () => {
  // (`pg` and `postgres` are also package names, compared when loading drivers.)
  const names = 'postgresql|mysql|mariadb|sqlite|turso|singlestore|mssql|cockroach|duckdb';
  const comparison = new RegExp(`(?:[!=]==?\\s*['"\`](?:${names})['"\`])|(?:['"\`](?:${names})['"\`]\\s*[!=]==?)|(?:case\\s+['"\`](?:${names})['"\`])|(?:dialect\\s*[!=]==?)|(?:[!=]==?\\s*[\\w.?]*dialect\\b)`);
  const offenders = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.js') && file !== path.join(root, 'js/dialect.js')) {
        fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          if (comparison.test(line)) offenders.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
        });
      }
    }
  };
  walk(path.join(root, 'js'));
  assert.deepEqual(offenders, []);
});
