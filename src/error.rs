//! One error type for the whole core. Every error carries a stable `code` (the rc.5 envelope codes
//! where one exists) and a message that names the file or entity and says how to fix it.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Error {
    pub code: &'static str,
    pub message: String,
    /// Machine-readable fields rc.5 puts next to `code` in its error envelope (e.g. a check
    /// error's `kind`, `details` and `fix`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(code: &'static str, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            meta: None,
        }
    }
    /// A snapshot file that cannot be read (corrupt, unknown version, wrong shape).
    pub fn snapshot(file: &str, message: impl fmt::Display) -> Error {
        Error::new("snapshot_error", format!("{file}: {message}"))
    }
    /// Input from the schema modules that cannot be turned into a model.
    pub fn schema(entity: &str, message: impl fmt::Display) -> Error {
        Error::new("schema_error", format!("{entity}: {message}"))
    }
    pub fn hints(message: impl Into<String>) -> Error {
        Error::new("invalid_hints", message)
    }
    pub fn input(message: impl Into<String>) -> Error {
        Error::new("invalid_input", message)
    }
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new("internal_error", message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
