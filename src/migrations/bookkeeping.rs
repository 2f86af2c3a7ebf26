//! The SQL sleet sends about its own bookkeeping: drizzle-orm 1.0's migrations table (same DDL, same
//! columns, same values), sleet's progress table for statements that run outside a transaction, and
//! the run lock. Literal values are inlined (quoted per dialect) so every driver runs them the same
//! way, without placeholders.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Result;

pub use crate::dialect::Dialect;
use crate::dialect::{Command, DEFAULT_MIGRATIONS_SCHEMA, DEFAULT_MIGRATIONS_TABLE};

/// Where the bookkeeping lives: drizzle-orm's defaults unless `migrations.table` / `.schema` say so.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub dialect: String,
    pub table: Option<String>,
    /// Postgres only (drizzle-orm ignores it elsewhere).
    pub schema: Option<String>,
}

pub const DEFAULT_TABLE: &str = DEFAULT_MIGRATIONS_TABLE;
pub const DEFAULT_SCHEMA: &str = DEFAULT_MIGRATIONS_SCHEMA;
/// sleet's own table beside drizzle's: one row per migration that is running or failed outside a
/// transaction. drizzle-orm never reads it.
pub const PROGRESS_SUFFIX: &str = "_sleet_progress";
/// SQLite waits this long for another process's write lock (the largest value the pragma takes).
pub const SQLITE_BUSY_TIMEOUT_MS: i64 = 2_147_483_647;
/// MySQL/MariaDB `GET_LOCK` wait; MariaDB rejects the "forever" value -1, so a year.
pub const MYSQL_LOCK_WAIT_SECONDS: i64 = 31_536_000;

#[derive(Debug, Clone)]
pub struct Names {
    pub dialect: Dialect,
    pub table: String,
    pub schema: String,
    pub progress: String,
}

impl Names {
    pub fn new(target: &Target) -> Result<Names> {
        let dialect = Dialect::for_command(&target.dialect, Command::Migrate)?;
        let table = match target.table.as_deref() {
            None | Some("") => DEFAULT_TABLE.to_string(),
            Some(t) => t.to_string(),
        };
        let schema = match target.schema.as_deref() {
            None | Some("") => DEFAULT_SCHEMA.to_string(),
            Some(s) => s.to_string(),
        };
        let progress = format!("{table}{PROGRESS_SUFFIX}");
        Ok(Names {
            dialect,
            table,
            schema,
            progress,
        })
    }

    pub fn ident(&self, name: &str) -> String {
        self.dialect.quote(name)
    }

    fn qualified(&self, table: &str) -> String {
        match self.dialect {
            Dialect::Postgresql => format!("{}.{}", self.ident(&self.schema), self.ident(table)),
            Dialect::Mysql | Dialect::Sqlite => self.ident(table),
        }
    }

    /// The migrations table as it appears in SQL.
    pub fn table_sql(&self) -> String {
        self.qualified(&self.table)
    }

    pub fn progress_sql(&self) -> String {
        self.qualified(&self.progress)
    }

    /// The table name for messages: `drizzle.__drizzle_migrations` on Postgres.
    pub fn display(&self) -> String {
        match self.dialect {
            Dialect::Postgresql => format!("{}.{}", self.schema, self.table),
            Dialect::Mysql | Dialect::Sqlite => self.table.clone(),
        }
    }

    /// A string literal that means `value` whatever the session's escaping settings.
    pub fn literal(&self, value: &str) -> String {
        match self.dialect {
            Dialect::Postgresql if value.contains('\\') => {
                format!("E'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
            }
            // Backslash is an escape in MySQL unless NO_BACKSLASH_ESCAPES is set; hex means the
            // same in both modes.
            Dialect::Mysql if value.contains('\\') => {
                let hex: String = value.bytes().map(|b| format!("{b:02x}")).collect();
                format!("CONVERT(0x{hex} USING utf8mb4)")
            }
            _ => format!("'{}'", value.replace('\'', "''")),
        }
    }
}

/// The fixed statements of a run.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunSql {
    pub dialect: Dialect,
    /// `drizzle.__drizzle_migrations` (Postgres) or `__drizzle_migrations`, for messages.
    pub table: String,
    /// The bare table names, as `inspect` returns them.
    pub table_name: String,
    pub progress_table_name: String,
    /// Statements run once on the connection before anything else (SQLite's busy timeout).
    pub session_setup: Vec<String>,
    /// SQLite: the run lock is a write transaction, so the state is read and set up under it.
    pub lock_is_transaction: bool,
    /// The set-up DDL (`create`) can run in a transaction (Postgres: all or nothing).
    pub transactional_setup: bool,
    /// Take the lock without waiting: one row, column `locked` = 1/true when it was free.
    pub try_lock: Option<String>,
    /// Take the lock, waiting for another run to finish.
    pub lock: Option<String>,
    pub unlock: Option<String>,
    /// SQLite: the write lock is a transaction, taken per step.
    pub begin: String,
    pub commit: String,
    pub rollback: String,
    /// Rows `table_name`, `column_name` of the migrations and progress tables.
    pub inspect: String,
    pub select_rows: String,
    /// `select_rows` as one value: the JSON text of `[[id, hash, created_at, name], ...]` (SQL NULL
    /// when there are none). Drivers build each row they return one by one, in JavaScript or through
    /// their native binding: at 500 rows that was most of reading the state (SQLite ~5 ms, Postgres
    /// ~3 ms), against one value to parse. Each value is what the row query gives the shim's text and
    /// int readings. None where the aggregate cannot keep the order (MySQL's JSON_ARRAYAGG).
    pub select_rows_json: Option<String>,
    /// For a table from before drizzle-orm 1.0, which has no `name` column.
    pub select_legacy_rows: String,
    pub select_progress: String,
    /// What a fresh database needs before the first row (`CREATE SCHEMA`, drizzle's table).
    pub create: Vec<String>,
    pub create_progress: String,
    pub foreign_keys_off: Option<String>,
    pub foreign_keys_on: Option<String>,
    pub foreign_key_check: Option<String>,
}

/// A stable 64-bit advisory-lock key per migrations table, so runs on different tables of one
/// database do not wait on each other.
fn pg_lock_key(names: &Names) -> i64 {
    let digest = Sha256::digest(format!("sleet migrate {}.{}", names.schema, names.table));
    let mut bytes = [0u8; 8];
    for (dst, src) in bytes.iter_mut().zip(digest.iter()) {
        *dst = *src;
    }
    i64::from_be_bytes(bytes)
}

pub fn run_sql(target: &Target) -> Result<RunSql> {
    let n = Names::new(target)?;
    let t = n.table_sql();
    let p = n.progress_sql();
    let sql = match n.dialect {
        Dialect::Postgresql => {
            let key = pg_lock_key(&n);
            RunSql {
                dialect: n.dialect,
                table: n.display(),
                table_name: n.table.clone(),
                progress_table_name: n.progress.clone(),
                session_setup: vec![],
                lock_is_transaction: false,
                transactional_setup: true,
                try_lock: Some(format!("SELECT pg_try_advisory_lock({key}) AS locked")),
                lock: Some(format!("SELECT pg_advisory_lock({key})")),
                unlock: Some(format!("SELECT pg_advisory_unlock({key})")),
                begin: "BEGIN".into(),
                commit: "COMMIT".into(),
                rollback: "ROLLBACK".into(),
                inspect: format!(
                    "SELECT c.relname AS table_name, a.attname AS column_name FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = {} AND c.relname IN ({}, {}) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
                    n.literal(&n.schema),
                    n.literal(&n.table),
                    n.literal(&n.progress)
                ),
                select_rows: format!("SELECT id, hash, created_at, name FROM {t} ORDER BY id"),
                // created_at as text: pg hands a bigint to JavaScript as its decimal text.
                select_rows_json: Some(format!("SELECT json_agg(json_build_array(id, hash, created_at::text, name) ORDER BY id)::text AS rows FROM {t}")),
                select_legacy_rows: format!("SELECT id, hash, created_at FROM {t} ORDER BY id"),
                select_progress: format!("SELECT name, hash, statements_total, statements_done, done_hash, error FROM {p}"),
                create: vec![
                    format!("CREATE SCHEMA IF NOT EXISTS {}", n.ident(&n.schema)),
                    format!("CREATE TABLE IF NOT EXISTS {t} (\n\tid SERIAL PRIMARY KEY,\n\thash text NOT NULL,\n\tcreated_at bigint,\n\tname text,\n\tapplied_at timestamp with time zone DEFAULT now()\n)"),
                ],
                create_progress: format!("CREATE TABLE IF NOT EXISTS {p} (\n\tname text PRIMARY KEY,\n\thash text NOT NULL,\n\tstatements_total integer NOT NULL,\n\tstatements_done integer NOT NULL,\n\tdone_hash text NOT NULL,\n\terror text,\n\tupdated_at timestamp with time zone DEFAULT now()\n)"),
                foreign_keys_off: None,
                foreign_keys_on: None,
                foreign_key_check: None,
            }
        }
        Dialect::Mysql => {
            let lock_name = format!(
                "CONCAT('sleet:', LEFT(SHA2(CONCAT(DATABASE(), '.', {}), 256), 58))",
                n.literal(&n.table)
            );
            RunSql {
                dialect: n.dialect,
                table: n.display(),
                table_name: n.table.clone(),
                progress_table_name: n.progress.clone(),
                session_setup: vec![],
                lock_is_transaction: false,
                transactional_setup: false,
                try_lock: Some(format!("SELECT GET_LOCK({lock_name}, 0) AS locked")),
                lock: Some(format!(
                    "SELECT GET_LOCK({lock_name}, {MYSQL_LOCK_WAIT_SECONDS}) AS locked"
                )),
                unlock: Some(format!("SELECT RELEASE_LOCK({lock_name})")),
                begin: "START TRANSACTION".into(),
                commit: "COMMIT".into(),
                rollback: "ROLLBACK".into(),
                inspect: format!(
                    "SELECT table_name AS `table_name`, column_name AS `column_name` FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name IN ({}, {}) ORDER BY table_name, ordinal_position",
                    n.literal(&n.table),
                    n.literal(&n.progress)
                ),
                select_rows: format!("SELECT id, hash, created_at, name FROM {t} ORDER BY id"),
                select_rows_json: None,
                select_legacy_rows: format!("SELECT id, hash, created_at FROM {t} ORDER BY id"),
                select_progress: format!("SELECT name, hash, statements_total, statements_done, done_hash, error FROM {p}"),
                create: vec![format!(
                    "CREATE TABLE IF NOT EXISTS {t} (\n\tid SERIAL PRIMARY KEY,\n\thash TEXT NOT NULL,\n\tcreated_at BIGINT,\n\tname TEXT,\n\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n)"
                )],
                create_progress: format!("CREATE TABLE IF NOT EXISTS {p} (\n\tname VARCHAR(255) PRIMARY KEY,\n\thash TEXT NOT NULL,\n\tstatements_total INT NOT NULL,\n\tstatements_done INT NOT NULL,\n\tdone_hash TEXT NOT NULL,\n\terror TEXT,\n\tupdated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n)"),
                foreign_keys_off: None,
                foreign_keys_on: None,
                foreign_key_check: None,
            }
        }
        Dialect::Sqlite => RunSql {
            dialect: n.dialect,
            table: n.display(),
            table_name: n.table.clone(),
            progress_table_name: n.progress.clone(),
            session_setup: vec![format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")],
            lock_is_transaction: true,
            transactional_setup: true,
            try_lock: None,
            lock: None,
            unlock: None,
            begin: "BEGIN IMMEDIATE".into(),
            commit: "COMMIT".into(),
            rollback: "ROLLBACK".into(),
            inspect: format!(
                "SELECT m.name AS table_name, c.name AS column_name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name IN ({}, {}) ORDER BY m.name, c.cid",
                n.literal(&n.table),
                n.literal(&n.progress)
            ),
            select_rows: format!("SELECT id, hash, created_at, name FROM {t} ORDER BY id"),
            // json_group_array keeps the order of the subquery's rows.
            select_rows_json: Some(format!("SELECT json_group_array(json_array(id, hash, created_at, name)) AS rows FROM (SELECT id, hash, created_at, name FROM {t} ORDER BY id)")),
                select_legacy_rows: format!("SELECT id, hash, created_at FROM {t} ORDER BY id"),
            select_progress: format!("SELECT name, hash, statements_total, statements_done, done_hash, error FROM {p}"),
            create: vec![format!(
                "CREATE TABLE IF NOT EXISTS {t} (\n\tid INTEGER PRIMARY KEY,\n\thash text NOT NULL,\n\tcreated_at numeric,\n\tname text,\n\tapplied_at TEXT\n)"
            )],
            create_progress: format!("CREATE TABLE IF NOT EXISTS {p} (\n\tname text PRIMARY KEY,\n\thash text NOT NULL,\n\tstatements_total integer NOT NULL,\n\tstatements_done integer NOT NULL,\n\tdone_hash text NOT NULL,\n\terror text,\n\tupdated_at TEXT\n)"),
            foreign_keys_off: Some("PRAGMA foreign_keys = OFF".into()),
            foreign_keys_on: Some("PRAGMA foreign_keys = ON".into()),
            foreign_key_check: Some("PRAGMA foreign_key_check".into()),
        },
    };
    Ok(sql)
}

/// `INSERT` of drizzle-orm 1.0's row for a migration: the same columns its migrators fill.
pub fn insert_row(n: &Names, name: &str, hash: &str, created_at: i64) -> String {
    let t = n.table_sql();
    match n.dialect {
        Dialect::Postgresql | Dialect::Mysql => format!(
            "INSERT INTO {t} ({}, {}, {}) VALUES ({}, {created_at}, {})",
            n.ident("hash"),
            n.ident("created_at"),
            n.ident("name"),
            n.literal(hash),
            n.literal(name)
        ),
        // drizzle-orm writes `new Date().toISOString()`; this strftime has the same shape.
        Dialect::Sqlite => format!(
            "INSERT INTO {t} (\"hash\", \"created_at\", \"name\", \"applied_at\") VALUES ({}, {created_at}, {}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            n.literal(hash),
            n.literal(name)
        ),
    }
}

/// One row: `1` when the migration is recorded (checked again under SQLite's write lock).
pub fn is_recorded(n: &Names, name: &str) -> String {
    format!(
        "SELECT 1 AS recorded FROM {} WHERE {} = {}",
        n.table_sql(),
        n.ident("name"),
        n.literal(name)
    )
}

pub fn update_hash(n: &Names, name: &str, hash: &str) -> String {
    format!(
        "UPDATE {} SET {} = {} WHERE {} = {}",
        n.table_sql(),
        n.ident("hash"),
        n.literal(hash),
        n.ident("name"),
        n.literal(name)
    )
}

fn now_sql(n: &Names) -> &'static str {
    match n.dialect {
        Dialect::Postgresql | Dialect::Mysql => "CURRENT_TIMESTAMP",
        Dialect::Sqlite => "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    }
}

pub fn progress_start(n: &Names, name: &str, hash: &str, total: usize, done_hash: &str) -> String {
    format!(
        "INSERT INTO {} (name, hash, statements_total, statements_done, done_hash, error, updated_at) VALUES ({}, {}, {total}, 0, {}, NULL, {})",
        n.progress_sql(),
        n.literal(name),
        n.literal(hash),
        n.literal(done_hash),
        now_sql(n)
    )
}

pub fn progress_step(n: &Names, name: &str, done: usize, done_hash: &str) -> String {
    format!(
        "UPDATE {} SET statements_done = {done}, done_hash = {}, error = NULL, updated_at = {} WHERE name = {}",
        n.progress_sql(),
        n.literal(done_hash),
        now_sql(n),
        n.literal(name)
    )
}

pub fn progress_failed(n: &Names, name: &str, error: &str) -> String {
    format!(
        "UPDATE {} SET error = {}, updated_at = {} WHERE name = {}",
        n.progress_sql(),
        n.literal(error),
        now_sql(n),
        n.literal(name)
    )
}

pub fn progress_clear(n: &Names, name: &str) -> String {
    format!(
        "DELETE FROM {} WHERE name = {}",
        n.progress_sql(),
        n.literal(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dialect: &str) -> Names {
        Names::new(&Target {
            dialect: dialect.into(),
            table: None,
            schema: None,
        })
        .unwrap()
    }

    #[test]
    fn create_table_is_drizzle_orms() {
        let sql = run_sql(&Target {
            dialect: "postgresql".into(),
            table: None,
            schema: None,
        })
        .unwrap();
        assert_eq!(sql.create[0], "CREATE SCHEMA IF NOT EXISTS \"drizzle\"");
        assert!(sql.create[1]
            .starts_with("CREATE TABLE IF NOT EXISTS \"drizzle\".\"__drizzle_migrations\""));
        assert_eq!(sql.table, "drizzle.__drizzle_migrations");
    }

    #[test]
    fn literals_survive_every_escaping_mode() {
        assert_eq!(names("postgresql").literal("it's"), "'it''s'");
        assert_eq!(names("postgresql").literal("a\\b"), "E'a\\\\b'");
        assert_eq!(
            names("mysql").literal("a\\b"),
            "CONVERT(0x615c62 USING utf8mb4)"
        );
        assert_eq!(names("sqlite").literal("a\\'b"), "'a\\''b'");
        assert_eq!(names("mysql").ident("we`ird"), "`we``ird`");
    }

    #[test]
    fn lock_keys_differ_per_table() {
        let a = names("postgresql");
        let mut b = names("postgresql");
        b.table = "other".into();
        assert_ne!(pg_lock_key(&a), pg_lock_key(&b));
    }
}
