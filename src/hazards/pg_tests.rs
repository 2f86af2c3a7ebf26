//! Every Postgres hazard code: a plan that must raise it and a near miss that must not.

use serde_json::{json, Value};

use super::pg::{self, analyse_file, analyse_plan, RULES};
use super::{acknowledge, fails, Severity};
use crate::model::pg::PgDdl;

fn column(table: &str, name: &str, sql_type: &str, not_null: bool) -> Value {
    json!({"schema": "public", "table": table, "name": name, "type": sql_type, "typeSchema": null,
        "notNull": not_null, "dimensions": 0, "default": null, "generated": null, "identity": null,
        "entityType": "columns"})
}

/// The state the plans below start from: `users(id integer, email varchar(100), name text,
/// age integer, score numeric(10,2), seen timestamp(6), mood mood)` and enum `mood(sad, ok, happy)`.
fn prev() -> PgDdl {
    let mut mood = column("users", "mood", "mood", false);
    mood["typeSchema"] = json!("public");
    let rows = vec![
        json!({"schema": "public", "name": "users", "isRlsEnabled": false, "entityType": "tables"}),
        json!({"schema": "public", "name": "mood", "values": ["sad", "ok", "happy"], "entityType": "enums"}),
        column("users", "id", "integer", true),
        column("users", "email", "varchar(100)", false),
        column("users", "name", "text", false),
        column("users", "age", "integer", false),
        column("users", "score", "numeric(10, 2)", false),
        column("users", "seen", "timestamp(6)", false),
        mood,
    ];
    PgDdl::from_rows(&rows, "prev").unwrap()
}

fn codes_with(sql: &[&str], prev: Option<&PgDdl>) -> Vec<&'static str> {
    let statements: Vec<String> = sql.iter().map(|s| s.to_string()).collect();
    analyse_plan(&statements, prev)
        .into_iter()
        .map(|h| h.code)
        .collect()
}

fn codes(sql: &[&str]) -> Vec<&'static str> {
    codes_with(sql, Some(&prev()))
}

/// Each case: code, statements that must raise it (alone), statements that must raise nothing.
fn cases() -> Vec<(&'static str, Vec<&'static str>, Vec<&'static str>)> {
    vec![
        (
            "drop-table",
            vec!["DROP TABLE \"users\" CASCADE;"],
            vec![
                "CREATE TABLE \"tmp\" (\"id\" integer);",
                "DROP TABLE \"tmp\";",
            ],
        ),
        (
            "drop-column",
            vec!["ALTER TABLE \"users\" DROP COLUMN \"name\";"],
            vec!["ALTER TABLE \"users\" DROP CONSTRAINT \"users_name_key\";"],
        ),
        (
            "drop-schema",
            vec!["DROP SCHEMA \"archive\";"],
            vec!["DROP VIEW \"archive\";"],
        ),
        (
            "truncate",
            vec!["TRUNCATE TABLE \"users\";"],
            vec!["DELETE FROM \"users\" WHERE \"id\" = 1;"],
        ),
        (
            "type-narrowing",
            vec!["ALTER TABLE \"users\" ALTER COLUMN \"email\" SET DATA TYPE varchar(50);"],
            vec!["ALTER TABLE \"users\" ALTER COLUMN \"email\" SET DATA TYPE varchar(200);"],
        ),
        (
            "enum-value-removed",
            vec![
                "ALTER TABLE \"users\" ALTER COLUMN \"mood\" SET DATA TYPE text;",
                "DROP TYPE \"mood\";",
                "CREATE TYPE \"mood\" AS ENUM('sad', 'happy');",
                "ALTER TABLE \"users\" ALTER COLUMN \"mood\" SET DATA TYPE \"mood\" USING \"mood\"::\"mood\";",
            ],
            vec!["ALTER TYPE \"mood\" ADD VALUE 'ecstatic';"],
        ),
        (
            "type-rewrite",
            vec!["ALTER TABLE \"users\" ALTER COLUMN \"age\" SET DATA TYPE bigint;"],
            vec!["ALTER TABLE \"users\" ALTER COLUMN \"name\" SET DATA TYPE varchar;"],
        ),
        (
            "stored-generated-column",
            vec!["ALTER TABLE \"users\" ADD COLUMN \"lower_name\" text GENERATED ALWAYS AS (lower(\"name\")) STORED;"],
            vec!["ALTER TABLE \"users\" ADD COLUMN \"nick\" text;"],
        ),
        (
            "volatile-default",
            vec!["ALTER TABLE \"users\" ADD COLUMN \"token\" uuid DEFAULT gen_random_uuid();"],
            vec!["ALTER TABLE \"users\" ADD COLUMN \"created\" timestamp DEFAULT now();"],
        ),
        (
            "required-column",
            vec!["ALTER TABLE \"users\" ADD COLUMN \"plan\" text NOT NULL;"],
            vec!["ALTER TABLE \"users\" ADD COLUMN \"plan\" text DEFAULT 'free' NOT NULL;"],
        ),
        (
            "index-not-concurrent",
            vec!["CREATE INDEX \"users_email_idx\" ON \"users\" USING btree (\"email\");"],
            vec!["CREATE INDEX CONCURRENTLY \"users_email_idx\" ON \"users\" USING btree (\"email\");"],
        ),
        (
            "fk-not-valid",
            vec!["ALTER TABLE \"users\" ADD CONSTRAINT \"users_org_fk\" FOREIGN KEY (\"age\") REFERENCES \"orgs\"(\"id\");"],
            vec!["ALTER TABLE \"users\" ADD CONSTRAINT \"users_org_fk\" FOREIGN KEY (\"age\") REFERENCES \"orgs\"(\"id\") NOT VALID;"],
        ),
        (
            "check-not-valid",
            vec!["ALTER TABLE \"users\" ADD CONSTRAINT \"adult\" CHECK (\"age\" >= 18);"],
            vec![
                "ALTER TABLE \"users\" ADD CONSTRAINT \"adult\" CHECK (\"age\" >= 18) NOT VALID;",
                "ALTER TABLE \"users\" VALIDATE CONSTRAINT \"adult\";",
            ],
        ),
        (
            "set-not-null",
            vec!["ALTER TABLE \"users\" ALTER COLUMN \"name\" SET NOT NULL;"],
            vec![
                "ALTER TABLE \"users\" ADD CONSTRAINT \"name_nn\" CHECK (\"name\" IS NOT NULL) NOT VALID;",
                "ALTER TABLE \"users\" VALIDATE CONSTRAINT \"name_nn\";",
                "ALTER TABLE \"users\" ALTER COLUMN \"name\" SET NOT NULL;",
            ],
        ),
        (
            "constraint-builds-index",
            vec!["ALTER TABLE \"users\" ADD CONSTRAINT \"users_email_key\" UNIQUE(\"email\");"],
            vec!["ALTER TABLE \"users\" ADD CONSTRAINT \"users_email_key\" UNIQUE USING INDEX \"users_email_idx\";"],
        ),
        (
            "rename-column",
            vec!["ALTER TABLE \"users\" RENAME COLUMN \"name\" TO \"full_name\";"],
            vec!["ALTER TABLE \"users\" RENAME CONSTRAINT \"a\" TO \"b\";"],
        ),
        (
            "rename-table",
            vec!["ALTER TABLE \"users\" RENAME TO \"people\";"],
            vec![
                "CREATE TABLE \"draft\" (\"id\" integer);",
                "ALTER TABLE \"draft\" RENAME TO \"final\";",
            ],
        ),
    ]
}

#[test]
fn every_code_is_raised_by_its_case_and_not_by_its_near_miss() {
    for (code, raise, near_miss) in cases() {
        let got = codes(&raise);
        assert!(
            got.contains(&code),
            "{code} not raised by {raise:?}: {got:?}"
        );
        let got = codes(&near_miss);
        assert!(
            got.is_empty(),
            "{code} near miss raised {got:?}: {near_miss:?}"
        );
    }
}

#[test]
fn every_rule_has_a_case() {
    let mut covered: Vec<&str> = cases().iter().map(|c| c.0).collect();
    let mut rules: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    covered.sort();
    rules.sort();
    assert_eq!(covered, rules);
}

#[test]
fn statements_on_a_table_created_in_the_same_plan_are_no_hazard() {
    let got = codes(&[
        "CREATE TABLE \"posts\" (\n\t\"id\" integer PRIMARY KEY,\n\t\"author\" integer\n);\n",
        "CREATE INDEX \"posts_author_idx\" ON \"posts\" USING btree (\"author\");",
        "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_author_fk\" FOREIGN KEY (\"author\") REFERENCES \"users\"(\"id\");",
        "ALTER TABLE \"posts\" ADD COLUMN \"slug\" text NOT NULL;",
        "ALTER TABLE \"posts\" ALTER COLUMN \"author\" SET NOT NULL;",
    ]);
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_created_table_is_known_by_name_even_when_the_name_holds_a_parenthesis() {
    // The plan's CREATE TABLE is read only up to its first `(`: here that `(` is inside the name.
    for name in ["\"po(sts\"", "\"we\"\"(ird\"", "\"s(\".\"posts\""] {
        let got = codes(&[
            &format!("CREATE TABLE {name} (\n\t\"id\" integer PRIMARY KEY\n);\n"),
            &format!("CREATE INDEX \"i\" ON {name} USING btree (\"id\");"),
        ]);
        assert!(got.is_empty(), "{name}: {got:?}");
        let got = codes(&[&format!(
            "CREATE INDEX \"i\" ON {name} USING btree (\"id\");"
        )]);
        assert_eq!(got, vec!["index-not-concurrent"], "{name}");
    }
}

#[test]
fn a_renamed_or_moved_table_keeps_its_previous_columns() {
    // The previous state's columns are loaded only for tables an ALTER TABLE names.
    let renamed = codes(&[
        "ALTER TABLE \"users\" RENAME TO \"people\";",
        "ALTER TABLE \"people\" ALTER COLUMN \"age\" SET DATA TYPE smallint;",
    ]);
    assert_eq!(renamed, vec!["rename-table", "type-narrowing"]);
    let moved = codes(&[
        "ALTER TABLE \"users\" SET SCHEMA \"archive\";",
        "ALTER TABLE \"archive\".\"users\" ALTER COLUMN \"age\" SET DATA TYPE smallint;",
    ]);
    assert_eq!(moved, vec!["rename-table", "type-narrowing"]);
}

#[test]
fn type_changes_are_classified_from_the_previous_type() {
    let c = |sql: &str| codes(&[sql]);
    let alter = |col: &str, ty: &str| {
        format!("ALTER TABLE \"users\" ALTER COLUMN \"{col}\" SET DATA TYPE {ty};")
    };
    assert_eq!(c(&alter("name", "varchar(20)")), vec!["type-narrowing"]);
    assert_eq!(c(&alter("age", "smallint")), vec!["type-narrowing"]);
    assert_eq!(c(&alter("score", "integer")), vec!["type-narrowing"]);
    assert_eq!(c(&alter("score", "numeric(8, 2)")), vec!["type-narrowing"]);
    assert!(c(&alter("score", "numeric(12, 2)")).is_empty());
    assert!(c(&alter("score", "numeric")).is_empty());
    assert!(c(&alter("seen", "timestamp(6)")).is_empty());
    assert_eq!(c(&alter("seen", "timestamp(3)")), vec!["type-narrowing"]);
    assert_eq!(
        c(&alter("seen", "timestamp with time zone")),
        vec!["type-rewrite"]
    );
    assert_eq!(
        c(&alter("name", "integer USING \"name\"::integer")),
        vec!["type-rewrite"]
    );
    assert!(c(&alter("email", "text")).is_empty());
    // A second change of the same column starts from the type the first one set.
    assert_eq!(
        codes(&[
            &alter("email", "varchar(300)"),
            &alter("email", "varchar(200)")
        ]),
        vec!["type-narrowing"]
    );
}

#[test]
fn without_a_previous_state_type_changes_and_enum_recreations_are_still_reported() {
    let got = codes_with(
        &[
            "ALTER TABLE \"users\" ALTER COLUMN \"email\" SET DATA TYPE varchar(50);",
            "DROP TYPE \"mood\";",
            "CREATE TYPE \"mood\" AS ENUM('sad');",
        ],
        None,
    );
    assert_eq!(got, vec!["type-rewrite", "enum-value-removed"]);
}

#[test]
fn enum_value_removal_is_also_two_rewrites_through_text() {
    let (_, raise, _) = cases()
        .into_iter()
        .find(|c| c.0 == "enum-value-removed")
        .unwrap();
    assert_eq!(
        codes(&raise),
        vec!["type-rewrite", "enum-value-removed", "type-rewrite"]
    );
    for (code, raise, _) in cases() {
        if code != "enum-value-removed" {
            assert_eq!(codes(&raise), vec![code], "{raise:?}");
        }
    }
}

#[test]
fn enum_recreation_that_only_reorders_or_adds_is_no_hazard() {
    let got = codes(&[
        "DROP TYPE \"mood\";",
        "CREATE TYPE \"mood\" AS ENUM('happy', 'ok', 'sad', 'meh');",
    ]);
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn volatile_defaults_include_serial_and_identity() {
    assert_eq!(
        codes(&["ALTER TABLE \"users\" ADD COLUMN \"n\" serial;"]),
        vec!["volatile-default"]
    );
    assert_eq!(
        codes(&["ALTER TABLE \"users\" ADD COLUMN \"n\" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name \"users_n_seq\" INCREMENT BY 1);"]),
        vec!["volatile-default"]
    );
}

#[test]
fn hazards_carry_statement_entity_why_and_safer() {
    let h = &analyse_plan(
        &["ALTER TABLE \"billing\".\"invoices\" DROP COLUMN \"total\";".to_string()],
        None,
    )[0];
    assert_eq!(h.code, "drop-column");
    assert_eq!(h.severity, Severity::Error);
    assert_eq!(h.statement, 0);
    assert_eq!(h.entity, "billing.invoices.total");
    assert!(h.sql.starts_with("ALTER TABLE \"billing\".\"invoices\""));
    assert!(!h.why.is_empty() && !h.safer.is_empty());
    let v = serde_json::to_value(h).unwrap();
    assert_eq!(v["class"], "data-loss");
    assert_eq!(v["severity"], "error");
}

#[test]
fn allow_lines_acknowledge_one_hazard_each() {
    let text = "-- sleet:allow drop-column nobody reads it since v3\nALTER TABLE \"users\" DROP COLUMN \"name\";\nALTER TABLE \"users\" DROP COLUMN \"age\";\n-- sleet:allow rename-table not in this file\n";
    let (mut hazards, allows) = analyse_file("m/migration.sql", text, Some(&prev())).unwrap();
    assert_eq!(hazards.len(), 2);
    let unused = acknowledge(&mut hazards, &allows);
    assert_eq!(
        hazards[0].allowed.as_deref(),
        Some("nobody reads it since v3")
    );
    assert_eq!(hazards[1].allowed, None);
    assert_eq!(hazards[1].line, Some(3));
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0].code, "rename-table");
    assert!(fails(&hazards, Severity::Error));
    let (mut one, allows) = analyse_file(
        "m/migration.sql",
        "ALTER TABLE \"users\" DROP COLUMN \"name\";\n-- sleet:allow drop-column checked with the team\n",
        Some(&prev()),
    )
    .unwrap();
    assert!(acknowledge(&mut one, &allows).is_empty());
    assert!(!fails(&one, Severity::Info));
}

#[test]
fn levels_filter_by_severity() {
    let statements = vec!["CREATE INDEX \"i\" ON \"users\" (\"email\");".to_string()];
    let hazards = analyse_plan(&statements, Some(&prev()));
    assert!(fails(&hazards, Severity::Warning));
    assert!(!fails(&hazards, Severity::Error));
}

#[test]
fn classify_is_total_on_odd_types() {
    let parse = |t: &str| {
        let v = pg::analyse_plan(
            &[format!(
                "ALTER TABLE \"users\" ALTER COLUMN \"email\" SET DATA TYPE {t};"
            )],
            Some(&prev()),
        );
        v.len()
    };
    assert_eq!(parse("\"public\".\"mood\"[]"), 1);
    assert_eq!(parse("varchar(100)"), 0);
}
