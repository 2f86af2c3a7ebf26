//! `push`: the schema's rows and the database's rows brought to the same scope, and what SQLite
//! reports differently for the same thing settled before the diff, so an unchanged schema plans
//! nothing.

use crate::error::Result;
use crate::model::sqlite::SqliteDdl;

use super::{admitted, IntrospectOptions};

pub fn reconcile(
    options: &IntrospectOptions,
    database: &mut SqliteDdl,
    code: &mut SqliteDdl,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    // The schema side sees what the database side sees (tablesFilter, never the migrations table).
    let keep = |name: &str| admitted(options, name);
    code.tables.retain(|t| keep(&t.name));
    code.views.retain(|v| keep(&v.name));
    code.columns.retain(|x| keep(&x.table));
    code.indexes.retain(|x| keep(&x.table));
    code.fks.retain(|x| keep(&x.table));
    code.pks.retain(|x| keep(&x.table));
    code.uniques.retain(|x| keep(&x.table));
    code.checks.retain(|x| keep(&x.table));

    // SQLite reports the standard type names (INT, INTEGER, REAL, TEXT, BLOB, ANY) in upper case
    // whatever the CREATE TABLE said; type names compare case-blind.
    for c in &mut database.columns {
        if let Some(k) = code
            .columns
            .iter()
            .find(|k| k.table == c.table && k.name == c.name)
        {
            if k.r#type.eq_ignore_ascii_case(&c.r#type) {
                c.r#type.clone_from(&k.r#type);
            }
        }
    }

    // Whether a name was written or generated is a fact of the schema, not of the database: a
    // generated name is printed as a CONSTRAINT clause all the same (composite keys).
    for p in &mut database.pks {
        if let Some(c) = code
            .pks
            .iter()
            .find(|c| c.table == p.table && c.name == p.name)
        {
            p.name_explicit = c.name_explicit;
        }
    }
    for u in &mut database.uniques {
        if let Some(c) = code
            .uniques
            .iter()
            .find(|c| c.table == u.table && c.name == u.name)
        {
            u.name_explicit = c.name_explicit;
        }
    }
    for f in &mut database.fks {
        if let Some(c) = code
            .fks
            .iter()
            .find(|c| c.table == f.table && c.name == f.name)
        {
            f.name_explicit = c.name_explicit;
        }
    }

    // SQLite folds a UNIQUE on exactly the primary key's columns into the key's own index: the
    // database shows no separate unique, and no statement can make it show one.
    let folded: Vec<_> = code
        .uniques
        .iter()
        .filter(|u| {
            !database
                .uniques
                .iter()
                .any(|d| d.table == u.table && d.columns == u.columns)
                && database
                    .pks
                    .iter()
                    .any(|p| p.table == u.table && p.columns == u.columns)
        })
        .cloned()
        .collect();
    database.uniques.extend(folded);

    // A view the schema marks `.existing()` is not sleet's to compare or recreate.
    for v in &mut database.views {
        if code.views.iter().any(|c| c.name == v.name && c.is_existing) {
            v.is_existing = true;
            v.definition = None;
        }
    }
    for v in code.views.iter().filter(|v| v.is_existing) {
        if !database.views.iter().any(|d| d.name == v.name) {
            warnings.push(format!(
                "view `{}` is marked .existing() but the database has no such view; push leaves it alone",
                v.name
            ));
        }
    }
    Ok(warnings)
}
