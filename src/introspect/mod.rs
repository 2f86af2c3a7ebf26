//! Catalog rows in, model out (push and pull), per wing (`introspect/<dialect>/`).
pub mod mysql;
pub mod pg;
pub mod sqlite;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::model::Model;

/// The shim's raw catalog rows and the config's scope, as every wing's `read_catalog` takes them
/// (no options: the default scope).
pub fn parse_catalog<R: DeserializeOwned, O: DeserializeOwned + Default>(
    rows: &str,
    options: Option<&str>,
) -> Result<(R, O)> {
    let input = |what: &str, e: serde_json::Error| Error::input(format!("{what}: {e}"));
    let rows = serde_json::from_str(rows).map_err(|e| input("catalog rows", e))?;
    let options = match options {
        Some(text) => serde_json::from_str(text).map_err(|e| input("options", e))?,
        None => O::default(),
    };
    Ok((rows, options))
}

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
