//! Whole commands as pure functions: everything `generate` and `export` decide, given the files and
//! the schema description the shim read. The shim only does I/O around these.

pub mod check;
pub mod generate;
#[cfg(feature = "introspect")]
pub mod pull;
#[cfg(feature = "introspect")]
pub mod push;

pub use check::{check, CheckInput};
pub use generate::{
    export_sql, generate, ExportInput, ExportOutput, GenerateInput, GenerateOutput,
};
#[cfg(feature = "introspect")]
pub use pull::{pull, PullInput, PullOutput};
#[cfg(feature = "introspect")]
pub use push::{push, PushInput, PushOutput};
