//! `push`: everything decided between "the shim read the catalog" and "the shim runs statements".
//!
//! Database → code, in push mode: the introspected database is the previous state, the schema the
//! next one, both seen through the same scope (schemaFilter, tablesFilter, extensionsFilters,
//! entities.roles, never the migrations table). Postgres re-prints every expression it stores, so
//! before diffing, each expression pair whose texts differ is compared as parsed trees: provably the
//! same → no statement; cannot be proven either way → no statement and a warning (never churn);
//! provably different → the change stands.
//!
//! Data loss is decided on the real data, which the core cannot read: it returns one probe per
//! statement that may destroy rows (or fail on them), each a `select 1 … limit 1`. The shim runs the
//! probes and asks (TTY) or reports the non-empty ones as `confirm_data_loss` questions (rc.5 kinds and
//! reasons), so hints written for rc.5 keep working.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use super::generate::statements_json;
use super::{with_wing, LiveWing};
use crate::dialect::{Command, Dialect};
use crate::diff::hints::{Hint, Unresolved};
use crate::diff::Mode;
use crate::error::Result;
pub use crate::sql::Probe;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushInput {
    pub dialect: String,
    /// The schema modules as the shim described them (see `model::<dialect>::interim`).
    pub schema: Box<RawValue>,
    /// Raw rows of the catalog queries (js/introspect/<dialect>.js), read by the wing.
    pub rows: Box<RawValue>,
    #[serde(default)]
    pub options: Option<Box<RawValue>>,
    #[serde(default)]
    pub hints: Vec<Hint>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PushOutput {
    /// `ok`, `no_changes` or `missing_hints` (rename questions).
    pub status: &'static str,
    pub unresolved: Vec<Unresolved>,
    pub statements: Vec<String>,
    pub json_statements: Vec<Value>,
    /// Data-loss and failure checks still to run (those confirmed by hints are left out).
    pub probes: Vec<Probe>,
    pub warnings: Vec<String>,
    /// What the plan risks on the running database (`crate::hazards`), the database as it is now
    /// being the previous state.
    pub hazards: Vec<crate::hazards::Hazard>,
}

/// Takes the input by value so the description and the catalog rows are freed once read: wasm
/// memory never shrinks, so whatever is held while the next step runs stays as the process's memory.
pub fn push(input: PushInput) -> Result<PushOutput> {
    with_wing!(
        live,
        Dialect::for_command(&input.dialect, Command::Push)?,
        push_with(input)
    )
}

fn push_with<W: LiveWing>(input: PushInput) -> Result<PushOutput> {
    let PushInput {
        schema,
        rows,
        options,
        hints,
        ..
    } = input;
    // The schema is modelled first: its transient (the parsed description) is the largest of the
    // call, and neither the catalog nor the database's rows are held yet.
    let mut code = W::from_description(schema.get())?;
    // Created views must follow the views they read, as in generate (a view over a view otherwise
    // fails with "relation does not exist").
    let facts = W::facts(schema.get())?;
    drop(schema);
    let catalog = W::read_catalog(rows.get(), options.as_ref().map(|o| o.get()))?;
    drop((rows, options));
    let mut database = W::inspect(&catalog)?;
    W::hold_names(&mut database, &code)?;
    let mut warnings = W::reconcile(&catalog, &mut database, &mut code)?;
    drop(catalog);
    let mut plan = W::diff(&database, code, &hints, Mode::Push)?;
    W::order(&mut plan.statements, &facts);
    warnings.extend(plan.warnings.iter().cloned());
    if !plan.unresolved.is_empty() {
        return Ok(PushOutput {
            status: "missing_hints",
            unresolved: plan.unresolved,
            statements: vec![],
            json_statements: vec![],
            probes: vec![],
            warnings,
            hazards: vec![],
        });
    }
    let statements = W::to_sql(&plan.statements, Default::default());
    let json_statements = statements_json(&plan.statements)?;
    let probes = W::probes(&plan.statements, &hints);
    let hazards = W::hazards(&statements, &database);
    Ok(PushOutput {
        status: if statements.is_empty() {
            "no_changes"
        } else {
            "ok"
        },
        unresolved: vec![],
        statements,
        json_statements,
        probes,
        warnings,
        hazards,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::diff::pg as pg_diff;
    use crate::introspect::pg::reconcile::reconcile_expressions;
    use crate::model::pg::PgDdl;
    use crate::sql::pg::{self as pg_sql, data_loss_probes};

    fn ddl(rows: Vec<Value>) -> PgDdl {
        PgDdl::from_rows(&rows, "test").unwrap()
    }

    fn table(name: &str) -> Value {
        json!({"schema": "public", "name": name, "isRlsEnabled": false, "entityType": "tables"})
    }

    fn column(table: &str, name: &str, ty: &str, not_null: bool, default: Option<&str>) -> Value {
        json!({"schema": "public", "table": table, "name": name, "type": ty, "typeSchema": null,
               "notNull": not_null, "dimensions": 0, "default": default, "generated": null,
               "identity": null, "entityType": "columns"})
    }

    fn check(table: &str, name: &str, value: &str) -> Value {
        json!({"schema": "public", "table": table, "name": name, "value": value, "entityType": "checks"})
    }

    fn probes(prev: &PgDdl, cur: &PgDdl, hints: &[Hint]) -> Vec<Probe> {
        let plan = pg_diff::diff(prev, cur, hints, pg_diff::Mode::Push).unwrap();
        assert!(plan.unresolved.is_empty(), "{:?}", plan.unresolved);
        data_loss_probes(&plan.statements, hints)
    }

    #[test]
    fn drops_type_changes_and_not_null_get_probes_in_plan_order() {
        let db = ddl(vec![
            table("old"),
            column("old", "id", "integer", false, None),
            table("t"),
            column("t", "gone", "text", false, None),
            column("t", "amount", "numeric", false, None),
            column("t", "label", "text", false, None),
        ]);
        let code = ddl(vec![
            table("t"),
            column("t", "amount", "integer", false, None),
            column("t", "label", "text", true, None),
            column("t", "required", "text", true, None),
            column("t", "defaulted", "text", true, Some("'x'")),
        ]);
        let created: Vec<Hint> = ["required", "defaulted"]
            .iter()
            .map(|c| Hint::Create {
                kind: "column".into(),
                entity: vec!["public".into(), "t".into(), (*c).into()],
            })
            .collect();
        let found = probes(&db, &code, &created);
        let summary: Vec<(&str, &str, String)> = found
            .iter()
            .map(|p| (p.effect, p.reason, p.entity.join(".")))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("confirm", "non_empty", "public.old".to_string()),
                ("fails", "non_empty", "public.t.required".to_string()),
                ("confirm", "non_empty", "public.t.gone".to_string()),
                ("confirm", "type_change", "public.t.amount".to_string()),
                ("fails", "nulls", "public.t.label".to_string()),
            ]
        );
        assert_eq!(found[0].sql, "select 1 from \"public\".\"old\" limit 1");
        assert_eq!(
            found[2].sql,
            "select 1 from \"public\".\"t\" where \"gone\" is not null limit 1"
        );
        assert_eq!(
            found[4].sql,
            "select 1 from \"public\".\"t\" where \"label\" is null limit 1"
        );
    }

    #[test]
    fn confirmed_losses_need_no_probe_but_failures_always_do() {
        let db = ddl(vec![
            table("t"),
            column("t", "gone", "text", false, None),
            column("t", "label", "text", false, None),
        ]);
        let code = ddl(vec![table("t"), column("t", "label", "text", true, None)]);
        let hints = vec![
            Hint::ConfirmDataLoss {
                kind: "column".into(),
                entity: vec!["public".into(), "t".into(), "gone".into()],
            },
            Hint::ConfirmDataLoss {
                kind: "add_not_null".into(),
                entity: vec!["public".into(), "t".into(), "label".into()],
            },
        ];
        let found = probes(&db, &code, &hints);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].effect, "fails");
    }

    #[test]
    fn a_renamed_table_is_probed_under_its_database_name() {
        let db = ddl(vec![
            table("before"),
            column("before", "id", "integer", false, None),
            column("before", "gone", "text", false, None),
        ]);
        let code = ddl(vec![
            table("after"),
            column("after", "id", "integer", false, None),
        ]);
        let hints = vec![Hint::Rename {
            kind: "table".into(),
            from: vec!["public".into(), "before".into()],
            to: vec!["public".into(), "after".into()],
        }];
        let found = probes(&db, &code, &hints);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].entity, vec!["public", "after", "gone"]);
        assert!(
            found[0].sql.contains("from \"public\".\"before\""),
            "{}",
            found[0].sql
        );
    }

    #[test]
    fn reprinted_expressions_cause_no_statement_and_unprovable_ones_warn() {
        // Postgres re-prints a check with parentheses and casts; the same expression is no change.
        let mut db = ddl(vec![
            table("t"),
            column("t", "n", "integer", false, Some("0")),
            check("t", "positive", "(n >= 0)"),
            check("t", "other", "(n <> 5)"),
        ]);
        let code = ddl(vec![
            table("t"),
            column("t", "n", "integer", false, Some("0")),
            check("t", "positive", "n >= 0"),
            check("t", "other", "n <> 6"),
        ]);
        let warnings = reconcile_expressions(&mut db, &code);
        assert_eq!(db.checks[0].value, "n >= 0");
        assert_eq!(db.checks[1].value, "(n <> 5)", "a real change is kept");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("check other"), "{warnings:?}");
        let plan = pg_diff::diff(&db, &code, &[], pg_diff::Mode::Push).unwrap();
        assert!(pg_sql::to_sql(&plan.statements).is_empty());
    }
}
