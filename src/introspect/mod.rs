//! Catalog rows in, model out (push and pull), per wing (`introspect/<dialect>/`).
pub mod mysql;
pub mod pg;
pub mod sqlite;

use crate::error::Result;
use crate::model::Model;

/// Reading a live database, implemented by each wing. The shim runs the wing's catalog queries
/// (js/introspect/<dialect>.js) and hands the raw rows here.
pub trait Inspector: Model {
    /// The raw catalog rows with the config's scope (filters, the migrations table).
    type Catalog;
    fn read_catalog(rows: &str, options: Option<&str>) -> Result<Self::Catalog>;
    /// The database as the wing's rows, within the scope.
    fn inspect(catalog: &Self::Catalog) -> Result<Self::Ddl>;
    fn found(catalog: &Self::Catalog) -> Result<Self::Found>;
    /// `push`: bring the schema into the same scope and settle what the database reports
    /// differently for the same thing; returns warnings for what push leaves alone.
    fn reconcile(
        catalog: &Self::Catalog,
        database: &mut Self::Ddl,
        code: &mut Self::Ddl,
    ) -> Result<Vec<String>>;
}
