//! Reading a migrations folder the way drizzle-orm's migrator does, but strictly: the 1.0 layout
//! (`<YYYYMMDDHHMMSS>_<name>/migration.sql`) and the 0.31 layout (`meta/_journal.json` + `<tag>.sql`).
//! The shim lists the directory and reads the files; everything decided about them is decided here.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;

use super::naming::{folder_millis, format_utc_seconds};
use crate::error::{Error, Result};

/// drizzle-orm splits on this literal (without the newline), so chunks keep their leading newline.
pub const BREAKPOINT: &str = "--> statement-breakpoint";
/// First line of a migration that must run outside a transaction.
pub const NO_TRANSACTION_DIRECTIVE: &str = "-- sleet:no-transaction";

/// One sub-directory of the migrations folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirEntry {
    pub name: String,
    /// Text of `<name>/migration.sql`, `None` when the directory has none.
    pub sql: Option<String>,
    #[serde(default)]
    pub has_snapshot: bool,
}

/// One `*.sql` file directly in the migrations folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RootFile {
    pub name: String,
    /// The text; the shim reads these only when a journal exists.
    pub sql: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderInput {
    /// The folder path, only for messages.
    #[serde(default)]
    pub folder: String,
    /// Text of `meta/_journal.json` when it exists.
    pub journal: Option<String>,
    /// Sub-directories in drizzle-orm's order (`localeCompare` of the names, done by the shim because
    /// that collation is the JS engine's).
    #[serde(default)]
    pub dirs: Vec<DirEntry>,
    #[serde(default)]
    pub root_files: Vec<RootFile>,
}

/// A local migration, identified as drizzle-orm 1.0 records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalMigration {
    /// The folder name (1.0), or for a journal entry the folder name `drizzle-kit up` will give it,
    /// so rows written before and after `up` agree.
    pub name: String,
    /// `created_at`: the folder's timestamp in ms (1.0) or the journal `when` (0.31).
    pub created_at: i64,
    /// sha256 hex of the whole file text, as drizzle-orm computes it.
    pub hash: String,
    /// The file, relative to the migrations folder, for messages.
    pub file: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FolderOutput {
    /// `folders` (1.0) or `journal` (0.31).
    pub layout: &'static str,
    pub migrations: Vec<LocalMigration>,
    pub warnings: Vec<String>,
}

pub fn sha256_hex(text: &str) -> String {
    sha256_hex_of(&Sha256::digest(text.as_bytes()))
}

pub fn sha256_hex_of(digest: &[u8]) -> String {
    let mut out = String::with_capacity(digest.len() * 2);
    for &b in digest {
        out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        out.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    out
}

pub fn read_folder(input: &FolderInput) -> Result<FolderOutput> {
    let folder = if input.folder.is_empty() {
        "the migrations folder"
    } else {
        input.folder.as_str()
    };
    match &input.journal {
        Some(journal) => read_journal_layout(folder, journal, input),
        None => read_folder_layout(folder, input),
    }
}

fn malformed(message: String) -> Error {
    Error::new("malformed_migrations", message)
}

fn read_folder_layout(folder: &str, input: &FolderInput) -> Result<FolderOutput> {
    let mut migrations = Vec::with_capacity(input.dirs.len());
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    for dir in &input.dirs {
        let Some(sql) = &dir.sql else {
            if dir.has_snapshot {
                problems.push(format!(
                    "{folder}/{}: has snapshot.json but no migration.sql; restore migration.sql from version control (an empty file is fine for a migration with no SQL)",
                    dir.name
                ));
            }
            continue;
        };
        let Some(created_at) = folder_millis(&dir.name) else {
            problems.push(format!(
                "{folder}/{}: a migration folder name must start with a UTC timestamp YYYYMMDDHHMMSS (like 20261125212032_init); rename the folder",
                dir.name
            ));
            continue;
        };
        migrations.push(LocalMigration {
            name: dir.name.clone(),
            created_at,
            hash: sha256_hex(sql),
            file: format!("{}/migration.sql", dir.name),
        });
    }
    let stray: Vec<&str> = input
        .root_files
        .iter()
        .map(|f| f.name.as_str())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    if !stray.is_empty() {
        let msg = format!(
            "{folder}: {} outside any migration folder {} not run; drizzle-kit 1.0 keeps each migration in <timestamp>_<name>/migration.sql",
            stray.join(", "),
            if stray.len() == 1 { "is" } else { "are" }
        );
        if migrations.is_empty() {
            problems.push(msg);
        } else {
            warnings.push(msg);
        }
    }
    if !problems.is_empty() {
        return Err(malformed(problems.join("\n")));
    }
    Ok(FolderOutput {
        layout: "folders",
        migrations,
        warnings,
    })
}

#[derive(Deserialize)]
struct Journal {
    entries: Vec<JournalEntry>,
}

#[derive(Deserialize)]
struct JournalEntry {
    tag: String,
    when: i64,
}

/// The folder `drizzle-kit up` creates for a journal entry: the UTC seconds of `when`, then the tag
/// without its leading `<prefix>_`.
pub fn up_folder_name(tag: &str, when_ms: i64) -> String {
    let rest = tag.split_once('_').map_or("", |(_, rest)| rest);
    format!("{}_{rest}", format_utc_seconds(when_ms.div_euclid(1000)))
}

fn read_journal_layout(folder: &str, journal: &str, input: &FolderInput) -> Result<FolderOutput> {
    let journal_file = format!("{folder}/meta/_journal.json");
    let parsed: Journal = serde_json::from_str(journal).map_err(|e| {
        malformed(format!(
            "{journal_file}: not a drizzle-kit journal ({e}); restore it from version control"
        ))
    })?;
    let folder_migrations: Vec<&str> = input
        .dirs
        .iter()
        .filter(|d| d.sql.is_some())
        .map(|d| d.name.as_str())
        .collect();
    if !folder_migrations.is_empty() {
        return Err(malformed(format!(
            "{folder}: holds both meta/_journal.json (0.31 layout) and migration folders ({}); finish the conversion with `drizzle-kit up` so only one layout remains",
            folder_migrations.join(", ")
        )));
    }
    let mut problems = Vec::new();
    let mut seen_tags = HashSet::new();
    let mut seen_names = HashSet::new();
    let mut migrations = Vec::with_capacity(parsed.entries.len());
    for entry in &parsed.entries {
        if !seen_tags.insert(entry.tag.as_str()) {
            problems.push(format!(
                "{journal_file}: tag {:?} appears twice; remove the duplicate entry",
                entry.tag
            ));
            continue;
        }
        let Some((file, sql)) = journal_sql_file(&entry.tag, &input.root_files) else {
            problems.push(format!(
                "{journal_file}: entry {:?} has no {}.sql in {folder}; restore the file or remove the entry",
                entry.tag, entry.tag
            ));
            continue;
        };
        let name = up_folder_name(&entry.tag, entry.when);
        if !seen_names.insert(name.clone()) {
            problems.push(format!(
                "{journal_file}: entry {:?} would share the name {name} with an earlier entry (same second and name); give it a later `when`",
                entry.tag
            ));
            continue;
        }
        migrations.push(LocalMigration {
            name,
            created_at: entry.when,
            hash: sha256_hex(sql),
            file: file.to_string(),
        });
    }
    if !problems.is_empty() {
        return Err(malformed(problems.join("\n")));
    }
    Ok(FolderOutput {
        layout: "journal",
        migrations,
        warnings: Vec::new(),
    })
}

/// `<tag>.sql`, or (as `drizzle-kit up` accepts) the single `<prefix>_*.sql` of a renamed file.
fn journal_sql_file<'a>(tag: &str, files: &'a [RootFile]) -> Option<(&'a str, &'a str)> {
    let exact = format!("{tag}.sql");
    if let Some(f) = files.iter().find(|f| f.name == exact) {
        return Some((f.name.as_str(), f.sql.as_deref()?));
    }
    let prefix = format!("{}_", tag.split('_').next().unwrap_or(tag));
    let mut candidates = files
        .iter()
        .filter(|f| f.name.starts_with(&prefix) && f.name.ends_with(".sql"));
    let only = candidates.next()?;
    if candidates.next().is_some() {
        return None;
    }
    Some((only.name.as_str(), only.sql.as_deref()?))
}

/// A migration file cut into the statements to execute.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SplitMigration {
    /// Chunks between breakpoints, untouched, minus chunks holding nothing but whitespace and
    /// comments (drizzle-orm sends those too; MySQL rejects them with "Query was empty").
    pub statements: Vec<String>,
    pub no_transaction: bool,
    /// The file asks for `PRAGMA foreign_keys=OFF` (an SQLite table rebuild). SQLite ignores that
    /// pragma inside a transaction, so the runner applies it before `BEGIN` instead.
    pub foreign_keys_off: bool,
}

pub fn split_migration(text: &str) -> SplitMigration {
    let first_line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let no_transaction = first_line.trim() == NO_TRANSACTION_DIRECTIVE;
    let statements: Vec<String> = text
        .split(BREAKPOINT)
        .filter(|chunk| has_sql(chunk))
        .map(str::to_string)
        .collect();
    let foreign_keys_off = statements.iter().any(|s| turns_foreign_keys_off(s));
    SplitMigration {
        statements,
        no_transaction,
        foreign_keys_off,
    }
}

/// Whether a chunk holds anything besides whitespace and `--` / `/* */` comments.
fn has_sql(chunk: &str) -> bool {
    let mut rest = chunk.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            return !rest.is_empty();
        }
    }
}

fn turns_foreign_keys_off(statement: &str) -> bool {
    let compact: String = statement
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ';' && *c != '`' && *c != '"')
        .flat_map(char::to_lowercase)
        .collect();
    compact.contains("pragmaforeign_keys=off")
        || compact.contains("pragmaforeign_keys=0")
        || compact.contains("pragmaforeign_keys=false")
        || compact.contains("pragmaforeign_keys=no")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str, sql: Option<&str>) -> DirEntry {
        DirEntry {
            name: name.into(),
            sql: sql.map(str::to_string),
            has_snapshot: true,
        }
    }

    #[test]
    fn hash_is_sha256_of_the_whole_file() {
        // sha256("") and sha256("abc") from the standard test vectors.
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn folder_layout_names_and_millis() {
        let out = read_folder(&FolderInput {
            folder: "drizzle".into(),
            journal: None,
            dirs: vec![
                dir("20261125212032_init", Some("CREATE TABLE a (id int);")),
                DirEntry {
                    name: "notes".into(),
                    sql: None,
                    has_snapshot: false,
                },
            ],
            root_files: vec![],
        })
        .unwrap();
        assert_eq!(out.layout, "folders");
        assert_eq!(out.migrations.len(), 1);
        assert_eq!(out.migrations[0].created_at, 1_795_641_632_000);
        assert_eq!(out.migrations[0].file, "20261125212032_init/migration.sql");
    }

    #[test]
    fn malformed_folders_are_refused_with_the_fix() {
        let err = read_folder(&FolderInput {
            folder: "drizzle".into(),
            journal: None,
            dirs: vec![dir("init", Some("")), dir("20261125212032_x", None)],
            root_files: vec![],
        })
        .unwrap_err();
        assert_eq!(err.code, "malformed_migrations");
        assert!(err
            .message
            .contains("drizzle/init: a migration folder name"));
        assert!(err
            .message
            .contains("20261125212032_x: has snapshot.json but no migration.sql"));
    }

    #[test]
    fn journal_layout_uses_the_names_drizzle_kit_up_will_give() {
        let journal = r#"{"version":"7","dialect":"postgresql","entries":[
            {"idx":0,"version":"7","when":1795641626024,"tag":"0000_init","breakpoints":true},
            {"idx":1,"version":"7","when":1795641666171,"tag":"0001_second_try","breakpoints":true}]}"#;
        let out = read_folder(&FolderInput {
            folder: "drizzle".into(),
            journal: Some(journal.into()),
            dirs: vec![],
            root_files: vec![
                RootFile {
                    name: "0000_init.sql".into(),
                    sql: Some("a".into()),
                },
                RootFile {
                    name: "0001_renamed.sql".into(),
                    sql: Some("b".into()),
                },
            ],
        })
        .unwrap();
        let names: Vec<_> = out.migrations.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["20261125212026_init", "20261125212106_second_try"]);
        assert_eq!(out.migrations[0].created_at, 1_795_641_626_024);
        assert_eq!(out.migrations[1].file, "0001_renamed.sql");
    }

    #[test]
    fn journal_entry_without_file_is_malformed() {
        let journal = r#"{"entries":[{"when":1,"tag":"0000_x"}]}"#;
        let err = read_folder(&FolderInput {
            folder: "d".into(),
            journal: Some(journal.into()),
            dirs: vec![],
            root_files: vec![],
        })
        .unwrap_err();
        assert!(err.message.contains("has no 0000_x.sql"));
        let err = read_folder(&FolderInput {
            folder: "d".into(),
            journal: Some("{".into()),
            dirs: vec![],
            root_files: vec![],
        })
        .unwrap_err();
        assert!(err
            .message
            .starts_with("d/meta/_journal.json: not a drizzle-kit journal"));
    }

    #[test]
    fn splitting_keeps_chunks_and_drops_empty_ones() {
        let text = "-- sleet:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);--> statement-breakpoint\nPRAGMA foreign_keys=OFF;--> statement-breakpoint\n-- just a comment\n/* and a block */\n";
        let split = split_migration(text);
        assert!(split.no_transaction);
        assert!(split.foreign_keys_off);
        assert_eq!(
            split.statements,
            [
                "-- sleet:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);",
                "\nPRAGMA foreign_keys=OFF;"
            ]
        );
        let custom = split_migration("-- Custom SQL migration file, put your code below! --");
        assert!(custom.statements.is_empty());
        assert!(!custom.no_transaction);
        assert!(!split_migration("PRAGMA foreign_keys=ON;").foreign_keys_off);
    }
}
