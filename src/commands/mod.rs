//! Whole commands as pure functions: everything `generate` and `export` decide, given the files and
//! the schema description the shim read. The shim only does I/O around these.

pub mod check;
pub mod generate;
pub mod lint;
pub mod pull;
pub mod push;

pub use check::{check, CheckInput};
pub use generate::{
    export_sql, generate, ExportInput, ExportOutput, GenerateInput, GenerateOutput,
};
pub use lint::{lint, LintInput, LintOutput};
pub use pull::{pull, PullInput, PullOutput};
pub use push::{push, PushInput, PushOutput};
