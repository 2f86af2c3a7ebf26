//! Reading and writing snapshot files of every format version, per wing (`snapshot/<dialect>/`):
//! `mod.rs` the current format (read, reconstruct, write), `legacy.rs` drizzle-kit 0.31's formats
//! turned into it. What every wing shares lives here and in `legacy.rs`.

pub mod flat;
pub mod folder;
pub mod legacy;
pub mod mysql;
pub mod pg;
pub mod sqlite;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::Model;
use folder::{CheckError, ConflictFix, Folder};

/// Snapshot reading and writing, implemented by each wing (`snapshot/<dialect>/`).
pub trait Snapshots: Model {
    type History: History<Self::Ddl>;
    /// What a snapshot records about each statement (Postgres: rc.5's footprints for `check`).
    type Footprint;
    /// The whole folder validated. Conflicting branches are an error, or with `fix_conflicts` left
    /// out of the history and reported for deletion.
    fn read_folder(
        folder: &Folder,
        fix_conflicts: bool,
    ) -> std::result::Result<(Self::History, Option<ConflictFix>), CheckError>;
    /// The first snapshot of a folder: the whole state.
    fn write_base(id: &str, state: &Self::Ddl, footprints: &[Self::Footprint]) -> Result<Text>;
    /// A later snapshot: what changed since its parents.
    fn write_diff(
        id: &str,
        prev_ids: &[String],
        prev: &Self::Ddl,
        cur: &Self::Ddl,
        renames: &[Rename],
        footprints: &[Self::Footprint],
    ) -> Result<Text>;
    /// The snapshot of a `--custom` migration: the parent state under a new id (a first one gets an
    /// empty base snapshot, a later one an empty diff, as rc.5 writes them for Postgres).
    fn write_custom(id: &str, prev_ids: &[String], first: bool, prev: &Self::Ddl) -> Result<Text> {
        if first {
            Self::write_base(id, prev, &[])
        } else {
            Self::write_diff(id, prev_ids, prev, prev, &[], &[])
        }
    }
    /// A file some drivers need beside the folders, given the history and the new migration's
    /// folder (SQLite's `migrations.js` for bundlers that cannot read the folder at run time).
    fn bundled_migrations(
        _history: &Self::History,
        _folder: &str,
        _driver: Option<&str>,
    ) -> Option<String> {
        None
    }
}

/// A snapshot file's text as the pieces it was written in, each at most `Text::PIECE` bytes and
/// whole characters. A 1,000-table base snapshot is 9 MB: as one string it needs 9 MB of contiguous
/// wasm memory at the end of a command, when the memory is fragmented by what the command freed,
/// so it was placed above everything else (a third of `generate`'s memory). The wasm surface hands
/// the pieces to JS as one string (`schema_surface`); elsewhere `to_string` joins them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(Vec<String>);

impl Text {
    pub const PIECE: usize = 1 << 16;

    /// `value` as `serde_json::to_string_pretty` writes it, in pieces.
    pub fn pretty<T: Serialize>(value: &T) -> Result<Text> {
        let mut pieces = Pieces::default();
        serde_json::to_writer_pretty(&mut pieces, value)
            .map_err(|e| Error::internal(e.to_string()))?;
        pieces.finish()
    }

    pub fn pieces(&self) -> &[String] {
        &self.0
    }

    pub fn into_pieces(self) -> Vec<String> {
        self.0
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text(vec![text])
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|piece| f.write_str(piece))
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A writer that starts a new piece once the current one is full, at a write's boundary: serde_json
/// writes whole UTF-8 sequences, so each piece stays valid text (checked in `finish`).
#[derive(Default)]
struct Pieces {
    done: Vec<String>,
    current: Vec<u8>,
}

impl Pieces {
    fn close(&mut self) -> Result<()> {
        let bytes = std::mem::take(&mut self.current);
        let text = String::from_utf8(bytes).map_err(|e| Error::internal(e.to_string()))?;
        self.done.push(text);
        Ok(())
    }

    fn finish(mut self) -> Result<Text> {
        if !self.current.is_empty() || self.done.is_empty() {
            self.close()?;
        }
        Ok(Text(self.done))
    }
}

impl std::io::Write for Pieces {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.current.is_empty() && self.current.len() + buf.len() > Text::PIECE {
            self.close()
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.message))?;
        }
        if self.current.capacity() == 0 {
            self.current.reserve_exact(Text::PIECE.max(buf.len()));
        }
        self.current.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A folder's migrations as a DAG of snapshots.
pub trait History<Ddl> {
    fn is_empty(&self) -> bool;
    /// The combined state of every leaf: what the next migration starts from.
    fn leaf_state(&self) -> Result<Ddl>;
    fn leaf_ids(&self) -> Vec<String>;
    /// The leaves' folder names, newest first.
    fn leaf_folders(&self) -> Vec<String>;
    fn newest_folder_ms(&self) -> Option<i64>;
}

/// One `snapshot.json` as the shim read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotFile {
    /// Folder name relative to the migrations folder, e.g. `20261125212032_init`.
    pub folder: String,
    /// File text. The wasm `generate` takes the texts as strings beside its JSON input (escaping
    /// megabytes into JSON and back cost time and memory), so there it is absent from the JSON.
    #[serde(default)]
    pub text: String,
}

/// A rename a diff decided, recorded so the snapshot deltas carry it (rc.5's `rename` delta).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rename {
    /// Delta key of the old row.
    pub key: String,
    /// Fields that change (`name`, or `schema` for a move).
    pub set: serde_json::Map<String, Value>,
}

#[cfg(test)]
mod text_tests {
    use super::Text;

    #[test]
    fn pieces_join_to_the_pretty_text_and_split_between_characters() {
        // Multi-byte characters and escapes throughout, so a piece boundary lands near them.
        let rows: Vec<String> = (0..20_000)
            .map(|i| format!("naïve \"row\" {i} — ünïcödé\n"))
            .collect();
        let text = Text::pretty(&rows).unwrap();
        assert!(text.pieces().len() > 1);
        assert!(text
            .pieces()
            .iter()
            .all(|p| !p.is_empty() && p.len() <= Text::PIECE));
        assert_eq!(
            text.to_string(),
            serde_json::to_string_pretty(&rows).unwrap()
        );
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            serde_json::to_string(&text.to_string()).unwrap()
        );
    }
}
