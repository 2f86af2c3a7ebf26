//! `push`: the schema's rows and the database's rows brought to the same scope, and what SQLite
//! reports differently for the same thing settled before the diff, so an unchanged schema plans
//! nothing.

use std::collections::HashSet;

use crate::error::Result;
use crate::model::first_by_key;
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
    // Rows looked up by (table, name) through maps: a scan per row was quadratic at a thousand tables.
    let code_columns = first_by_key(&code.columns, |k| (k.table.as_str(), k.name.as_str()));
    for c in &mut database.columns {
        if let Some(k) = code_columns.get(&(c.table.as_str(), c.name.as_str())) {
            if k.r#type.eq_ignore_ascii_case(&c.r#type) {
                c.r#type.clone_from(&k.r#type);
            }
        }
    }

    // Whether a name was written or generated is a fact of the schema, not of the database: a
    // generated name is printed as a CONSTRAINT clause all the same (composite keys).
    let code_pks = first_by_key(&code.pks, |c| (c.table.as_str(), c.name.as_str()));
    for p in &mut database.pks {
        if let Some(c) = code_pks.get(&(p.table.as_str(), p.name.as_str())) {
            p.name_explicit = c.name_explicit;
        }
    }
    let code_uniques = first_by_key(&code.uniques, |c| (c.table.as_str(), c.name.as_str()));
    for u in &mut database.uniques {
        if let Some(c) = code_uniques.get(&(u.table.as_str(), u.name.as_str())) {
            u.name_explicit = c.name_explicit;
        }
    }
    let code_fks = first_by_key(&code.fks, |c| (c.table.as_str(), c.name.as_str()));
    for f in &mut database.fks {
        if let Some(c) = code_fks.get(&(f.table.as_str(), f.name.as_str())) {
            f.name_explicit = c.name_explicit;
        }
    }

    // SQLite folds a UNIQUE on exactly the primary key's columns into the key's own index: the
    // database shows no separate unique, and no statement can make it show one.
    let database_uniques: HashSet<(&str, &[String])> = database
        .uniques
        .iter()
        .map(|d| (d.table.as_str(), d.columns.as_slice()))
        .collect();
    let database_pks: HashSet<(&str, &[String])> = database
        .pks
        .iter()
        .map(|p| (p.table.as_str(), p.columns.as_slice()))
        .collect();
    let folded: Vec<_> = code
        .uniques
        .iter()
        .filter(|u| {
            let key = (u.table.as_str(), u.columns.as_slice());
            !database_uniques.contains(&key) && database_pks.contains(&key)
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
