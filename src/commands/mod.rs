//! Whole commands as pure functions: everything `generate`, `export`, `check`, `push`, `pull`,
//! `drift` and `up` decide, given the files and the schema description the shim read. The shim only does I/O
//! around these. Each command is written once over the per-step traits every wing implements
//! (`Model`, `Snapshots`, `Differ`, `Printer`, `Inspector`, `Codegen`); `with_wing!` is the one
//! place that maps a `Dialect` to its wing.

pub mod check;
#[cfg(feature = "introspect")]
pub mod drift;
pub mod generate;
pub mod lint;
#[cfg(feature = "introspect")]
pub mod pull;
#[cfg(feature = "introspect")]
pub mod push;
pub mod sqlite;
pub mod up;

#[cfg(feature = "introspect")]
use crate::codegen::Codegen;
#[cfg(feature = "introspect")]
use crate::introspect::Inspector;
use crate::sql::Printer;

pub use check::{check, CheckInput};
#[cfg(feature = "introspect")]
pub use drift::{drift, DriftInput, DriftOutput};
pub use generate::{
    export_sql, generate, ExportInput, ExportOutput, GenerateInput, GenerateOutput,
};
pub use lint::{lint, LintInput, LintOutput};
#[cfg(feature = "introspect")]
pub use pull::{pull, PullInput, PullOutput};
#[cfg(feature = "introspect")]
pub use push::{push, PushInput, PushOutput};

/// A wing: every step for one dialect.
#[cfg(feature = "introspect")]
pub trait Wing: Printer + Inspector + Codegen + crate::hazards::Safety {}
#[cfg(feature = "introspect")]
impl<W: Printer + Inspector + Codegen + crate::hazards::Safety> Wing for W {}
/// Without `introspect` (the browser's engine): the steps generate, export, check and lint take.
#[cfg(not(feature = "introspect"))]
pub trait Wing: Printer + crate::hazards::Safety {}
#[cfg(not(feature = "introspect"))]
impl<W: Printer + crate::hazards::Safety> Wing for W {}

/// Calls `f::<W>(args)` with the wing `W` of `dialect`. A new wing registers here (and lists its
/// commands in `dialect.rs`); until then its dialect reaches no command that needs a wing, because
/// `Dialect::for_command` refuses it first.
macro_rules! with_wing {
    ($dialect:expr, $f:ident ( $($arg:expr),* )) => {
        match $dialect {
            $crate::dialect::Dialect::Postgresql => $f::<$crate::model::pg::Pg>($($arg),*),
            other @ ($crate::dialect::Dialect::Sqlite | $crate::dialect::Dialect::Mysql) => {
                Err($crate::error::Error::internal(format!(
                    "no {} wing is registered in commands/mod.rs",
                    other.name()
                )))
            }
        }
    };
}
pub(crate) use with_wing;
