//! Whole commands as pure functions: everything `generate`, `export`, `check`, `push`, `pull` and
//! `up` decide, given the files and the schema description the shim read. The shim only does I/O
//! around these. Each command is written once over the per-step traits every wing implements
//! (`Model`, `Snapshots`, `Differ`, `Printer`, `Inspector`, `Codegen`); `with_wing!` (and
//! `with_codegen_wing!` for pull) is the one place that maps a `Dialect` to its wing.

pub mod check;
pub mod generate;
pub mod lint;
#[cfg(feature = "introspect")]
pub mod pull;
#[cfg(feature = "introspect")]
pub mod push;
pub mod up;

#[cfg(feature = "introspect")]
use crate::introspect::Inspector;
use crate::sql::Printer;

pub use check::{check, CheckInput};
pub use generate::{
    export_sql, generate, ExportInput, ExportOutput, GenerateInput, GenerateOutput,
};
pub use lint::{lint, LintInput, LintOutput};
#[cfg(feature = "introspect")]
pub use pull::{pull, PullInput, PullOutput};
#[cfg(feature = "introspect")]
pub use push::{push, PushInput, PushOutput};

/// The schema part of a wing: the steps generate, export, check and lint take (every build).
pub trait Wing: Printer + crate::hazards::Safety {}
impl<W: Printer + crate::hazards::Safety> Wing for W {}

/// The live part of a wing: push reads the database too; pull also writes TypeScript (`Codegen`).
#[cfg(feature = "introspect")]
pub trait LiveWing: Wing + Inspector {}
#[cfg(feature = "introspect")]
impl<W: Wing + Inspector> LiveWing for W {}

/// Calls `f::<W>(args)` with the wing `W` of `dialect`. A new wing registers here (and lists its
/// commands in `dialect.rs`); until then its dialect reaches no command that needs a wing, because
/// `Dialect::for_command` refuses it first.
macro_rules! with_wing {
    ($dialect:expr, $f:ident ( $($arg:expr),* )) => {
        match $dialect {
            $crate::dialect::Dialect::Postgresql => $f::<$crate::model::pg::Pg>($($arg),*),
            $crate::dialect::Dialect::Sqlite => $f::<$crate::model::sqlite::Sqlite>($($arg),*),
            other @ $crate::dialect::Dialect::Mysql => Err($crate::error::Error::internal(format!(
                "no {} wing is registered in commands/mod.rs",
                other.name()
            ))),
        }
    };
}
pub(crate) use with_wing;

/// `with_wing!` for the wings that also generate TypeScript (`pull`).
#[cfg(feature = "introspect")]
macro_rules! with_codegen_wing {
    ($dialect:expr, $f:ident ( $($arg:expr),* )) => {
        match $dialect {
            $crate::dialect::Dialect::Postgresql => $f::<$crate::model::pg::Pg>($($arg),*),
            other @ ($crate::dialect::Dialect::Sqlite | $crate::dialect::Dialect::Mysql) => {
                Err($crate::error::Error::internal(format!(
                    "no {} wing with code generation is registered in commands/mod.rs",
                    other.name()
                )))
            }
        }
    };
}
#[cfg(feature = "introspect")]
pub(crate) use with_codegen_wing;
