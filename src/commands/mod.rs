//! Whole commands as pure functions: everything `generate`, `export`, `check`, `push`, `pull`,
//! `drift` and `up` decide, given the files and the schema description the shim read. The shim only does I/O
//! around these. Each command is written once over the per-step traits every wing implements
//! (`Model`, `Snapshots`, `Differ`, `Printer`, `Safety`; push and drift also `Inspector`, pull also
//! `Codegen`); `with_wing!` is the one place that maps a `Dialect` to its wing.

pub mod check;
#[cfg(feature = "introspect")]
pub mod drift;
pub mod generate;
pub mod lint;
#[cfg(feature = "introspect")]
pub mod pull;
#[cfg(feature = "introspect")]
pub mod push;
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
    export_sql, generate, prepare_generate, ExportInput, ExportOutput, GenerateInput,
    GenerateOutput, PreparedGenerate,
};
pub use lint::{lint, LintInput, LintOutput};
#[cfg(feature = "introspect")]
pub use pull::{pull, PullInput, PullOutput};
#[cfg(feature = "introspect")]
pub use push::{push, PushInput, PushOutput};

/// The steps `generate`, `export`, `check` and `lint` take: a schema in, SQL and snapshots out.
pub trait SchemaWing: Printer + crate::hazards::Safety {}
impl<W: Printer + crate::hazards::Safety> SchemaWing for W {}

/// What `push` and `drift` take besides: reading a live database.
#[cfg(feature = "introspect")]
pub trait LiveWing: SchemaWing + Inspector {}
#[cfg(feature = "introspect")]
impl<W: SchemaWing + Inspector> LiveWing for W {}

/// What `pull` takes besides: writing TypeScript from what was read.
#[cfg(feature = "introspect")]
pub trait PullWing: LiveWing + Codegen {}
#[cfg(feature = "introspect")]
impl<W: LiveWing + Codegen> PullWing for W {}

/// Calls `f::<W>(args)` with the wing `W` of `dialect`: `with_wing!(schema, …)` for the commands
/// over `SchemaWing`, `live` for `LiveWing`, `pull` for `PullWing`. A new wing registers here in the
/// sets it implements (and lists its commands in `dialect.rs`); a dialect outside a set never
/// reaches it, because `Dialect::for_command` refuses the command first.
macro_rules! with_wing {
    (schema, $dialect:expr, $f:ident ( $($arg:expr),* )) => {
        match $dialect {
            $crate::dialect::Dialect::Postgresql => $f::<$crate::model::pg::Pg>($($arg),*),
            $crate::dialect::Dialect::Sqlite => $f::<$crate::model::sqlite::Sqlite>($($arg),*),
            $crate::dialect::Dialect::Mysql => $f::<$crate::model::mysql::Mysql>($($arg),*),
        }
    };
    (live, $dialect:expr, $f:ident ( $($arg:expr),* )) => {
        match $dialect {
            $crate::dialect::Dialect::Postgresql => $f::<$crate::model::pg::Pg>($($arg),*),
            $crate::dialect::Dialect::Sqlite => $f::<$crate::model::sqlite::Sqlite>($($arg),*),
            $crate::dialect::Dialect::Mysql => $f::<$crate::model::mysql::Mysql>($($arg),*),
        }
    };
    (pull, $dialect:expr, $f:ident ( $($arg:expr),* )) => {
        match $dialect {
            $crate::dialect::Dialect::Postgresql => $f::<$crate::model::pg::Pg>($($arg),*),
            $crate::dialect::Dialect::Sqlite => $f::<$crate::model::sqlite::Sqlite>($($arg),*),
            $crate::dialect::Dialect::Mysql => $f::<$crate::model::mysql::Mysql>($($arg),*),
        }
    };
}
pub(crate) use with_wing;
