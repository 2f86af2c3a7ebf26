//! `push`: the schema's rows and the database's rows brought to the same scope, and what MySQL or
//! MariaDB reports differently for the same thing settled before the diff, so an unchanged schema
//! plans nothing. Each rule copies the schema's text onto the database's row only where the two
//! provably mean the same (`defaults`' keys); a real difference is left for the diff to see.

use std::collections::{HashMap, HashSet};

use crate::error::Result;
use crate::model::first_by_key;
use crate::model::mysql::{Column, MysqlDdl};

use super::defaults::{default_key, expression_key, type_key};
use super::{admitted, ColumnRow, MysqlCatalog};

fn same_default(db: &Column, code: &Column) -> bool {
    default_key(db.default.as_deref(), &code.r#type)
        == default_key(code.default.as_deref(), &code.r#type)
}

/// MariaDB and MySQL 8 report `utf8` (and its collations) as `utf8mb3`.
fn charset_key(name: &str) -> String {
    let lower = name.to_lowercase();
    match lower.strip_prefix("utf8") {
        Some("") => "utf8mb3".into(),
        Some(rest) if rest.starts_with('_') => format!("utf8mb3{rest}"),
        _ => lower,
    }
}

/// Whether the column's actual character set and collation are what the schema declares: a
/// character set alone means its default collation, a collation alone implies its character set,
/// neither means the database's defaults (`db`'s row then holds neither).
fn same_charset(row: &ColumnRow, defaults: &HashSet<&str>, db: &Column, code: &Column) -> bool {
    let is = |actual: &Option<String>, declared: &str| {
        actual
            .as_deref()
            .is_some_and(|a| charset_key(a) == charset_key(declared))
    };
    match (&code.char_set, &code.collation) {
        (None, None) => db.char_set.is_none() && db.collation.is_none(),
        (Some(cs), None) => {
            is(&row.char_set, cs)
                && row
                    .collation
                    .as_deref()
                    .is_some_and(|c| defaults.contains(c))
        }
        (None, Some(co)) => is(&row.collation, co),
        (Some(cs), Some(co)) => is(&row.char_set, cs) && is(&row.collation, co),
    }
}

/// InnoDB treats NO ACTION as RESTRICT and reports RESTRICT for a key declared without an action.
fn action_key(action: &str) -> &str {
    if action.eq_ignore_ascii_case("NO ACTION") {
        "RESTRICT"
    } else {
        action
    }
}

pub fn reconcile(
    catalog: &MysqlCatalog,
    database: &mut MysqlDdl,
    code: &mut MysqlDdl,
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    let mariadb = catalog.rows.mariadb();
    // The schema side sees what the database side sees (tablesFilter, never the migrations table).
    let keep = |name: &str| admitted(&catalog.options, name);
    code.tables.retain(|t| keep(&t.name));
    code.views.retain(|v| keep(&v.name));
    code.columns.retain(|x| keep(&x.table));
    code.indexes.retain(|x| keep(&x.table));
    code.fks.retain(|x| keep(&x.table));
    code.pks.retain(|x| keep(&x.table));
    code.checks.retain(|x| keep(&x.table));
    // A view the schema marks `.existing()` is not push's to compare, drop or recreate.
    for name in &code.existing_views {
        if !database.views.iter().any(|v| v.name == *name) && keep(name) {
            warnings.push(format!(
                "view `{name}` is marked .existing() but the database has no such view; push leaves it alone"
            ));
        }
    }
    database
        .views
        .retain(|v| !code.existing_views.contains(&v.name));

    let catalog_columns: HashMap<(&str, &str), &ColumnRow> = catalog
        .rows
        .columns
        .iter()
        .map(|r| ((r.table.as_str(), r.name.as_str()), r))
        .collect();
    let default_collations: HashSet<&str> = catalog
        .rows
        .collations
        .iter()
        .map(|c| c.name.as_str())
        .collect();

    let code: &MysqlDdl = code;

    // The schema's rows looked up by (table, name) through maps built once: a scan of them per
    // database row was quadratic at a thousand tables.
    let code_columns = first_by_key(&code.columns, |k| (k.table.as_str(), k.name.as_str()));
    let code_indexes = first_by_key(&code.indexes, |k| (k.table.as_str(), k.name.as_str()));
    let code_fks = first_by_key(&code.fks, |k| (k.table.as_str(), k.name.as_str()));
    let code_checks = first_by_key(&code.checks, |k| (k.table.as_str(), k.name.as_str()));
    let code_views = first_by_key(&code.views, |k| k.name.as_str());
    let code_pk_columns: HashSet<(&str, &str)> = code
        .pks
        .iter()
        .flat_map(|p| p.columns.iter().map(|c| (p.table.as_str(), c.as_str())))
        .collect();
    let code_serials: HashSet<(&str, &str)> = code
        .columns
        .iter()
        .filter(|k| k.r#type.eq_ignore_ascii_case("serial"))
        .map(|k| (k.table.as_str(), k.name.as_str()))
        .collect();

    for c in &mut database.columns {
        let Some(k) = code_columns.get(&(c.table.as_str(), c.name.as_str())) else {
            continue;
        };
        if type_key(&c.r#type) == type_key(&k.r#type) {
            c.r#type.clone_from(&k.r#type);
            // `serial` is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE: the flags come with the type.
            if k.r#type.eq_ignore_ascii_case("serial") && c.auto_increment {
                c.not_null = k.not_null;
            }
        }
        if same_default(c, k) {
            c.default.clone_from(&k.default);
        }
        // A key column is NOT NULL whatever the schema wrote; MODIFY cannot make it nullable.
        if c.not_null
            && !k.not_null
            && code_pk_columns.contains(&(k.table.as_str(), k.name.as_str()))
        {
            c.not_null = false;
        }
        if c.on_update_now
            && k.on_update_now
            && c.on_update_now_fsp.unwrap_or(0) == k.on_update_now_fsp.unwrap_or(0)
        {
            c.on_update_now_fsp = k.on_update_now_fsp;
        }
        if let (Some(g), Some(kg)) = (&mut c.generated, &k.generated) {
            if g.r#type == kg.r#type
                && expression_key(&g.r#as, Some(&c.table))
                    == expression_key(&kg.r#as, Some(&k.table))
            {
                g.r#as.clone_from(&kg.r#as);
            }
        }
        if let Some(row) = catalog_columns.get(&(c.table.as_str(), c.name.as_str())) {
            if same_charset(row, &default_collations, c, k) {
                c.char_set.clone_from(&k.char_set);
                c.collation.clone_from(&k.collation);
            }
        }
    }

    // The unique index SERIAL brings (named after its column) when the column is not the key.
    database.indexes.retain(|i| {
        let key = (i.table.as_str(), i.name.as_str());
        let serial = code_serials.contains(&key);
        let declared = code_indexes.contains_key(&key);
        !(serial
            && i.is_unique
            && !declared
            && i.columns.len() == 1
            && i.columns[0].value == i.name)
    });

    // The index MySQL creates for a foreign key (named after it) is the key's, not the schema's.
    let fk_names: HashSet<(&str, &str)> = database
        .fks
        .iter()
        .map(|f| (f.table.as_str(), f.name.as_str()))
        .collect();
    database.indexes.retain(|i| {
        let key = (i.table.as_str(), i.name.as_str());
        let for_fk = !i.is_unique && fk_names.contains(&key);
        !for_fk || code_indexes.contains_key(&key)
    });

    for f in &mut database.fks {
        let Some(k) = code_fks.get(&(f.table.as_str(), f.name.as_str())) else {
            // A generated name the database keeps from before a rename of a table or column it
            // names (the diff lets it keep that name, if it is not taken for an explicit one: pull
            // calls every name that is not today's generated one explicit, push cannot know).
            f.name_explicit = false;
            // InnoDB reports RESTRICT for a key declared
            // without an action, which drizzle spells NO ACTION; the two are the same action.
            for action in [&mut f.on_update, &mut f.on_delete] {
                if action_key(action) == "RESTRICT" {
                    *action = "NO ACTION".into();
                }
            }
            continue;
        };
        // Whether a name was written or generated is a fact of the schema, not of the database.
        f.name_explicit = k.name_explicit;
        if action_key(&f.on_update) == action_key(&k.on_update) {
            f.on_update.clone_from(&k.on_update);
        }
        if action_key(&f.on_delete) == action_key(&k.on_delete) {
            f.on_delete.clone_from(&k.on_delete);
        }
    }

    for i in &mut database.indexes {
        let Some(k) = code_indexes.get(&(i.table.as_str(), i.name.as_str())) else {
            continue;
        };
        i.name_explicit = k.name_explicit;
        // USING is reported for every index (BTREE unless said otherwise); ALGORITHM and LOCK are
        // options of the statement, never stored.
        let using_same = match (&k.using, &i.using) {
            (None, _) => true,
            (Some(u), _) => u.eq_ignore_ascii_case("btree") || u.eq_ignore_ascii_case("hash"),
        };
        if using_same {
            i.using.clone_from(&k.using);
        }
        i.algorithm.clone_from(&k.algorithm);
        i.lock.clone_from(&k.lock);
        if i.columns.len() == k.columns.len() {
            for (c, kc) in i.columns.iter_mut().zip(&k.columns) {
                if c.is_expression
                    && kc.is_expression
                    && expression_key(&c.value, None) == expression_key(&kc.value, None)
                {
                    c.value.clone_from(&kc.value);
                }
            }
        }
    }

    for c in &mut database.checks {
        if let Some(k) = code_checks.get(&(c.table.as_str(), c.name.as_str())) {
            if expression_key(&c.value, Some(&c.table)) == expression_key(&k.value, Some(&k.table))
            {
                c.value.clone_from(&k.value);
            }
        }
    }

    for v in &mut database.views {
        let Some(k) = code_views.get(v.name.as_str()) else {
            continue;
        };
        if expression_key(&v.definition, None) == expression_key(&k.definition, None) {
            v.definition.clone_from(&k.definition);
        }
        // MySQL 8 keeps a view's ALGORITHM out of information_schema (untested here).
        if !mariadb {
            v.algorithm.clone_from(&k.algorithm);
        }
    }
    if !mariadb && !code.views.is_empty() {
        warnings.push(
            "MySQL does not report a view's ALGORITHM in information_schema: push compares views without it".into(),
        );
    }
    Ok(warnings)
}
