//! Tables: `CREATE TABLE` with its inline constraints, drop, rename, schema move, row-level security.

use crate::diff::pg::statement::TableDef;
use crate::model::pg::is_serial_type;

use super::access::drop_policy;
use super::columns::{column_default, column_type, identity_clause};
use super::{q, qualified, quoted_list};

pub(super) fn create_table(t: &TableDef, out: &mut Vec<String>) {
    let default_pk_name = format!("{}_pkey", t.name);
    let mut sql = format!("CREATE TABLE {} (\n", qualified(&t.schema, &t.name));
    let mut lines: Vec<String> = Vec::with_capacity(t.columns.len() + 2);
    for c in &t.columns {
        let pk_cols = t.pk.as_ref().map(|p| p.columns.as_slice()).unwrap_or(&[]);
        let is_pk = t.pk.as_ref().is_some_and(|p| {
            p.columns.len() == 1 && p.columns[0] == c.name && p.name == format!("{}_pkey", c.table)
        });
        let not_null = if pk_cols.contains(&c.name) || is_serial_type(&c.sql_type) {
            ""
        } else if c.not_null && c.identity.is_none() {
            " NOT NULL"
        } else {
            ""
        };
        let default = match column_default(c) {
            d if d.is_empty() => String::new(),
            d => format!(" DEFAULT {d}"),
        };
        let unique = t
            .uniques
            .iter()
            .find(|u| u.columns.len() == 1 && u.columns[0] == c.name);
        let unique = match unique {
            Some(u) => format!(
                " {}{}",
                if u.name_explicit {
                    format!("CONSTRAINT {} UNIQUE", q(&u.name))
                } else {
                    "UNIQUE".to_string()
                },
                if u.nulls_not_distinct {
                    " NULLS NOT DISTINCT"
                } else {
                    ""
                }
            ),
            None => String::new(),
        };
        let generated = match &c.generated {
            Some(g) => format!(" GENERATED ALWAYS AS ({}) STORED", g.as_),
            None => String::new(),
        };
        let identity = match &c.identity {
            Some(id) => format!(" {}", identity_clause(&t.schema, id)),
            None => String::new(),
        };
        lines.push(format!(
            "\t{} {}{}{default}{generated}{not_null}{unique}{identity}",
            q(&c.name),
            column_type(c),
            if is_pk { " PRIMARY KEY" } else { "" }
        ));
    }
    if let Some(pk) = &t.pk {
        if pk.columns.len() > 1 || pk.name != default_pk_name {
            lines.push(format!(
                "\tCONSTRAINT {} PRIMARY KEY({})",
                q(&pk.name),
                quoted_list(&pk.columns)
            ));
        }
    }
    for u in t.uniques.iter().filter(|u| u.columns.len() > 1) {
        lines.push(format!(
            "\tCONSTRAINT {} UNIQUE{}({})",
            q(&u.name),
            if u.nulls_not_distinct {
                " NULLS NOT DISTINCT"
            } else {
                ""
            },
            quoted_list(&u.columns)
        ));
    }
    for c in &t.checks {
        lines.push(format!("\tCONSTRAINT {} CHECK ({})", q(&c.name), c.value));
    }
    sql.push_str(&lines.join(",\n"));
    sql.push_str("\n);\n");
    out.push(sql);
    if !t.policies.is_empty() || t.is_rls_enabled {
        out.push(alter_rls(&t.schema, &t.name, true));
    }
}

pub(super) fn drop_table(table: &TableDef, out: &mut Vec<String>) {
    for p in &table.policies {
        out.push(drop_policy(p));
    }
    out.push(format!(
        "DROP TABLE {};",
        qualified(&table.schema, &table.name)
    ));
}

pub(super) fn rename_table(schema: &str, from: &str, to: &str) -> String {
    format!(
        "ALTER TABLE {}{from_q} RENAME TO {to_q};",
        if schema != "public" {
            format!("{schema_q}.", schema_q = q(schema))
        } else {
            String::new()
        },
        from_q = q(from),
        to_q = q(to)
    )
}

pub(super) fn move_table(name: &str, from: &str, to: &str) -> String {
    format!(
        "ALTER TABLE {} SET SCHEMA {to_q};\n",
        qualified(from, name),
        to_q = q(to)
    )
}

pub(super) fn alter_rls(schema: &str, name: &str, enabled: bool) -> String {
    format!(
        "ALTER TABLE {} {} ROW LEVEL SECURITY;",
        qualified(schema, name),
        if enabled { "ENABLE" } else { "DISABLE" }
    )
}
