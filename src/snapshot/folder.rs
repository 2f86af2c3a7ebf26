//! A migrations folder as every wing's `check` sees it, and the errors and fixes it reports in
//! rc.5's envelope.

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::snapshot::SnapshotFile;

/// A `check_error` of rc.5's kinds: `unsupported`, `malformed`, `non_latest`, `order`, `conflicts`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckError {
    pub kind: &'static str,
    pub message: String,
    /// Extra envelope fields (`snapshot`, `parentId`, `details`, `fix`, …).
    pub meta: Map<String, Value>,
}

impl CheckError {
    pub(crate) fn new(
        kind: &'static str,
        message: impl Into<String>,
        meta: Map<String, Value>,
    ) -> CheckError {
        CheckError {
            kind,
            message: message.into(),
            meta,
        }
    }

    pub fn malformed(message: impl Into<String>) -> CheckError {
        CheckError::new("malformed", message, Map::new())
    }

    pub(crate) fn at(kind: &'static str, path: &str, message: impl Into<String>) -> CheckError {
        let mut meta = Map::new();
        meta.insert("snapshot".into(), json!(path));
        CheckError::new(kind, message, meta)
    }

    /// As the core's error type: code `check_error`, with `kind` and the meta fields alongside.
    pub fn into_error(self) -> crate::error::Error {
        let mut meta = Map::new();
        meta.insert("kind".into(), json!(self.kind));
        meta.extend(self.meta);
        let mut e = crate::error::Error::new("check_error", self.message);
        e.meta = Some(meta);
        e
    }

    /// The `error` object of the JSON envelope.
    pub fn envelope(&self) -> Value {
        let mut out = Map::new();
        out.insert("code".into(), json!("check_error"));
        out.insert("kind".into(), json!(self.kind));
        for (k, v) in &self.meta {
            out.insert(k.clone(), v.clone());
        }
        out.insert("message".into(), json!(self.message));
        Value::Object(out)
    }
}

/// A folder as `check` sees it: paths are `<out>/<folder>/snapshot.json`, as rc.5 prints them.
pub struct Folder<'a> {
    pub out: &'a str,
    pub files: &'a [SnapshotFile],
}

impl Folder<'_> {
    pub(crate) fn dir(&self, folder: &str) -> String {
        if self.out.is_empty() {
            folder.to_string()
        } else {
            format!("{}/{folder}", self.out.trim_end_matches('/'))
        }
    }

    pub(crate) fn path(&self, folder: &str) -> String {
        format!("{}/snapshot.json", self.dir(folder))
    }
}

/// rc.5's `--fix-conflicts`: the migrations it deletes (both sides of every conflict and everything
/// after them, until no conflict is left), as paths under `out` the way rc.5 prints them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictFix {
    pub migrations: Vec<String>,
    /// Those of them that are custom migrations (an empty diff): their SQL is lost with them.
    pub custom_migrations: Vec<String>,
    /// The folder names, for the shim to delete.
    pub folders: Vec<String>,
}
