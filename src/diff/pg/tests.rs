//! Unit tests of the diff. Expected SQL strings are rc.5 1.0.0-rc.5's output for the same rows
//! (captured with `generateMigration`; the scenario fixtures under tests/scenarios/pg hold the
//! full differential corpus).

use serde_json::{json, Value};

use super::*;
use crate::diff::hints::Hint;
use crate::model::pg::PgDdl;
use crate::sql::pg::to_sql;

fn ddl(rows: Vec<Value>) -> PgDdl {
    PgDdl::from_rows(&rows, "test").unwrap()
}

fn table(schema: &str, name: &str) -> Value {
    json!({"schema": schema, "name": name, "isRlsEnabled": false, "entityType": "tables"})
}

fn column(schema: &str, table: &str, name: &str, ty: &str, not_null: bool) -> Value {
    json!({"schema": schema, "table": table, "name": name, "type": ty, "typeSchema": null,
           "notNull": not_null, "dimensions": 0, "default": null, "generated": null,
           "identity": null, "entityType": "columns"})
}

fn index(schema: &str, table: &str, name: &str, col: &str) -> Value {
    json!({"schema": schema, "table": table, "name": name, "nameExplicit": true,
           "columns": [{"value": col, "isExpression": false, "asc": true, "nullsFirst": false, "opclass": null}],
           "isUnique": false, "where": null, "with": "", "method": "btree", "concurrently": false,
           "entityType": "indexes"})
}

fn pk(schema: &str, table: &str, name: &str, cols: &[&str], explicit: bool) -> Value {
    json!({"schema": schema, "table": table, "name": name, "columns": cols,
           "nameExplicit": explicit, "entityType": "pks"})
}

fn fk(table: &str, name: &str, cols: &[&str], table_to: &str, cols_to: &[&str]) -> Value {
    json!({"schema": "public", "table": table, "name": name, "nameExplicit": false, "columns": cols,
           "schemaTo": "public", "tableTo": table_to, "columnsTo": cols_to,
           "onUpdate": "NO ACTION", "onDelete": "NO ACTION", "entityType": "fks"})
}

fn unique(table: &str, name: &str, cols: &[&str], explicit: bool) -> Value {
    json!({"schema": "public", "table": table, "name": name, "nameExplicit": explicit,
           "columns": cols, "nullsNotDistinct": false, "entityType": "uniques"})
}

fn hints(v: Value) -> Vec<Hint> {
    serde_json::from_value(v).unwrap()
}

fn sql(prev: &PgDdl, cur: &PgDdl, h: &[Hint]) -> Vec<String> {
    let plan = diff(prev, cur, h, Mode::Generate).unwrap();
    assert!(plan.unresolved.is_empty(), "{:?}", plan.unresolved);
    to_sql(&plan.statements)
}

fn users_posts(users_id: &str, email: &str) -> PgDdl {
    ddl(vec![
        table("public", "posts"),
        table("public", "users"),
        column("public", "posts", "id", "serial", true),
        column("public", "posts", "author_id", "integer", false),
        column("public", "users", users_id, "serial", true),
        column("public", "users", email, "text", true),
        index("public", "users", "users_email_idx", email),
        fk(
            "posts",
            "posts_author_id_users_id_fkey",
            &["author_id"],
            "users",
            &[users_id],
        ),
        pk("public", "posts", "posts_pkey", &["id"], false),
        pk("public", "users", "users_pkey", &[users_id], false),
        unique("users", "users_email_uq", &[email], true),
    ])
}

#[test]
fn renamed_columns_stay_in_their_indexes_keys_and_foreign_keys() {
    let prev = users_posts("id", "email");
    let cur = users_posts("uid", "mail");
    let h = hints(json!([
        {"type": "rename", "kind": "column", "from": ["public", "users", "id"], "to": ["public", "users", "uid"]},
        {"type": "rename", "kind": "column", "from": ["public", "users", "email"], "to": ["public", "users", "mail"]}
    ]));
    let plan = diff(&prev, &cur, &h, Mode::Generate).unwrap();
    assert_eq!(
        to_sql(&plan.statements),
        [
            "ALTER TABLE \"users\" RENAME COLUMN \"id\" TO \"uid\";",
            "ALTER TABLE \"users\" RENAME COLUMN \"email\" TO \"mail\";"
        ]
    );
    let keys: Vec<&str> = plan.renames.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "columns\u{0}[\"public\",\"users\",\"id\"]",
            "columns\u{0}[\"public\",\"users\",\"email\"]"
        ]
    );
    assert_eq!(
        plan.renames[0].set,
        json!({"name": "uid"}).as_object().unwrap().clone()
    );
}

#[test]
fn unanswered_rename_questions_are_reported_per_kind_and_nothing_is_emitted() {
    let prev = users_posts("id", "email");
    let cur = users_posts("uid", "mail");
    let plan = diff(&prev, &cur, &[], Mode::Generate).unwrap();
    assert!(plan.statements.is_empty());
    let asked: Vec<(&str, Vec<String>, usize)> = plan
        .unresolved
        .iter()
        .map(|u| (u.kind.as_str(), u.entity.clone(), u.candidates.len()))
        .collect();
    assert_eq!(
        asked,
        [
            (
                "column",
                vec!["public".into(), "users".into(), "uid".into()],
                2
            ),
            (
                "column",
                vec!["public".into(), "users".into(), "mail".into()],
                2
            )
        ]
    );
}

#[test]
fn a_create_hint_answers_the_question_and_consumed_candidates_stop_asking() {
    let prev = users_posts("id", "email");
    let cur = users_posts("uid", "mail");
    let h = hints(json!([
        {"type": "rename", "kind": "column", "from": ["public", "users", "email"], "to": ["public", "users", "uid"]},
        {"type": "create", "kind": "column", "entity": ["public", "users", "mail"]}
    ]));
    let plan = diff(&prev, &cur, &h, Mode::Generate).unwrap();
    assert!(plan.unresolved.is_empty());
}

#[test]
fn a_rename_from_an_unknown_entity_is_an_invalid_hints_error() {
    let prev = users_posts("id", "email");
    let cur = users_posts("uid", "email");
    let h = hints(json!([
        {"type": "rename", "kind": "column", "from": ["public", "users", "nope"], "to": ["public", "users", "uid"]}
    ]));
    let err = diff(&prev, &cur, &h, Mode::Generate).unwrap_err();
    assert_eq!(err.code, "invalid_hints");
    assert!(
        err.message.contains("[\"public\",\"users\",\"nope\"]"),
        "{}",
        err.message
    );
}

#[test]
fn a_table_moved_to_another_schema_keeps_its_index_and_prints_set_schema() {
    let prev = ddl(vec![
        json!({"name": "app", "entityType": "schemas"}),
        table("public", "users"),
        column("public", "users", "email", "text", false),
        index("public", "users", "users_email_idx", "email"),
    ]);
    let cur = ddl(vec![
        json!({"name": "app", "entityType": "schemas"}),
        table("app", "users"),
        column("app", "users", "email", "text", false),
        index("app", "users", "users_email_idx", "email"),
    ]);
    let h = hints(json!([
        {"type": "rename", "kind": "table", "from": ["public", "users"], "to": ["app", "users"]}
    ]));
    let plan = diff(&prev, &cur, &h, Mode::Generate).unwrap();
    assert_eq!(
        to_sql(&plan.statements),
        ["ALTER TABLE \"users\" SET SCHEMA \"app\";\n"]
    );
    assert_eq!(plan.renames.len(), 1);
    assert_eq!(
        plan.renames[0].set,
        json!({"schema": "app"}).as_object().unwrap().clone()
    );
}

#[test]
fn generated_names_are_inherited_after_a_table_rename() {
    let prev = ddl(vec![
        table("public", "users"),
        column("public", "users", "email", "text", false),
        unique("users", "users_email_key", &["email"], false),
    ]);
    let cur = ddl(vec![
        table("public", "people"),
        column("public", "people", "email", "text", false),
        unique("people", "people_email_key", &["email"], false),
    ]);
    let h = hints(json!([
        {"type": "rename", "kind": "table", "from": ["public", "users"], "to": ["public", "people"]}
    ]));
    let plan = diff(&prev, &cur, &h, Mode::Generate).unwrap();
    assert_eq!(
        to_sql(&plan.statements),
        ["ALTER TABLE \"users\" RENAME TO \"people\";"]
    );
    assert_eq!(plan.state.uniques[0].name, "users_email_key");
}

#[test]
fn composite_primary_key_change_drops_then_adds_the_named_key() {
    let cols = |t: &str| {
        vec![
            table("public", t),
            column("public", t, "a", "integer", true),
            column("public", t, "b", "integer", true),
            column("public", t, "c", "integer", true),
        ]
    };
    let mut prev = cols("t");
    prev.push(pk("public", "t", "t_pkey", &["a", "b"], false));
    let mut cur = cols("t");
    cur.push(pk("public", "t", "t_custom_pk", &["b", "c"], true));
    let h = hints(
        json!([{"type": "create", "kind": "primary_key", "entity": ["public", "t", "t_custom_pk"]}]),
    );
    assert_eq!(
        sql(&ddl(prev), &ddl(cur), &h),
        [
            "ALTER TABLE \"t\" DROP CONSTRAINT \"t_pkey\";",
            "ALTER TABLE \"t\" ADD CONSTRAINT \"t_custom_pk\" PRIMARY KEY(\"b\",\"c\");"
        ]
    );
}

fn enum_state(values: &[&str], default: &str) -> PgDdl {
    let mut s = column("public", "t", "s", "status", true);
    s["typeSchema"] = json!("app");
    s["default"] = json!(default);
    let mut hist = column("public", "t", "hist", "status", false);
    hist["typeSchema"] = json!("app");
    hist["dimensions"] = json!(1);
    ddl(vec![
        json!({"name": "app", "entityType": "schemas"}),
        table("public", "t"),
        json!({"schema": "app", "name": "status", "values": values, "entityType": "enums"}),
        s,
        hist,
    ])
}

#[test]
fn enum_additions_use_before_and_removals_recreate_the_type() {
    let prev = enum_state(&["new", "active"], "'new'");
    let cur = enum_state(&["draft", "new", "mid", "active", "done"], "'new'");
    assert_eq!(
        sql(&prev, &cur, &[]),
        [
            "ALTER TYPE \"app\".\"status\" ADD VALUE 'draft' BEFORE 'new';",
            "ALTER TYPE \"app\".\"status\" ADD VALUE 'mid' BEFORE 'active';",
            "ALTER TYPE \"app\".\"status\" ADD VALUE 'done';"
        ]
    );
    let prev = enum_state(&["new", "active", "archived", "deleted"], "'new'");
    let cur = enum_state(&["new", "active", "archived"], "'active'");
    assert_eq!(
        sql(&prev, &cur, &[]),
        [
            "ALTER TABLE \"t\" ALTER COLUMN \"s\" SET DATA TYPE text;",
            "ALTER TABLE \"t\" ALTER COLUMN \"s\" DROP DEFAULT;",
            "ALTER TABLE \"t\" ALTER COLUMN \"hist\" SET DATA TYPE text[];",
            "DROP TYPE \"app\".\"status\";",
            "CREATE TYPE \"app\".\"status\" AS ENUM('new', 'active', 'archived');",
            "ALTER TABLE \"t\" ALTER COLUMN \"s\" SET DATA TYPE \"app\".\"status\" USING \"s\"::\"app\".\"status\";",
            "ALTER TABLE \"t\" ALTER COLUMN \"s\" SET DEFAULT 'active'::\"app\".\"status\";",
            "ALTER TABLE \"t\" ALTER COLUMN \"hist\" SET DATA TYPE \"app\".\"status\"[] USING \"hist\"::\"app\".\"status\"[];"
        ]
    );
}

#[test]
fn statement_groups_follow_rc5_order() {
    // A dropped table's FK goes first, then drops, then new columns, then new FKs and indexes.
    let prev = ddl(vec![
        table("public", "a"),
        table("public", "b"),
        column("public", "a", "id", "integer", true),
        column("public", "b", "a_id", "integer", false),
        fk("b", "b_a_id_a_id_fkey", &["a_id"], "a", &["id"]),
        pk("public", "a", "a_pkey", &["id"], false),
    ]);
    let cur = ddl(vec![
        table("public", "b"),
        table("public", "c"),
        column("public", "b", "a_id", "integer", false),
        column("public", "b", "c_id", "integer", false),
        column("public", "c", "id", "integer", true),
        index("public", "b", "b_c_idx", "c_id"),
        fk("b", "b_c_id_c_id_fkey", &["c_id"], "c", &["id"]),
        pk("public", "c", "c_pkey", &["id"], false),
    ]);
    let h = hints(json!([
        {"type": "create", "kind": "table", "entity": ["public", "c"]},
        {"type": "create", "kind": "foreign key", "entity": ["public", "b", "b_c_id_c_id_fkey"]}
    ]));
    assert_eq!(
        sql(&prev, &cur, &h),
        [
            "CREATE TABLE \"c\" (\n\t\"id\" integer PRIMARY KEY\n);\n",
            "ALTER TABLE \"b\" DROP CONSTRAINT \"b_a_id_a_id_fkey\";",
            "DROP TABLE \"a\";",
            "ALTER TABLE \"b\" ADD COLUMN \"c_id\" integer;",
            "CREATE INDEX \"b_c_idx\" ON \"b\" (\"c_id\");",
            "ALTER TABLE \"b\" ADD CONSTRAINT \"b_c_id_c_id_fkey\" FOREIGN KEY (\"c_id\") REFERENCES \"c\"(\"id\");"
        ]
    );
}

#[test]
fn identity_added_to_a_nullable_column_sets_not_null_first() {
    let prev = ddl(vec![
        table("public", "t"),
        column("public", "t", "id", "integer", false),
    ]);
    let mut id = column("public", "t", "id", "integer", true);
    id["identity"] = json!({"type": "always", "name": "t_id_seq", "increment": "1", "startWith": "1",
        "minValue": "1", "maxValue": "2147483647", "cache": 1, "cycle": false});
    let cur = ddl(vec![table("public", "t"), id]);
    assert_eq!(
        sql(&prev, &cur, &[]),
        [
            "ALTER TABLE \"t\" ALTER COLUMN \"id\" SET NOT NULL;",
            "ALTER TABLE \"t\" ALTER COLUMN \"id\" ADD GENERATED ALWAYS AS IDENTITY (sequence name \"t_id_seq\" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);"
        ]
    );
}

#[test]
fn a_thousand_tables_diff() {
    let mut prev_rows = Vec::new();
    let mut cur_rows = Vec::new();
    for t in 0..1000 {
        let name = format!("t{t}");
        for rows in [&mut prev_rows, &mut cur_rows] {
            rows.push(table("public", &name));
            rows.push(pk("public", &name, &format!("{name}_pkey"), &["c0"], false));
        }
        for c in 0..11 {
            prev_rows.push(column("public", &name, &format!("c{c}"), "integer", c == 0));
            cur_rows.push(column(
                "public",
                &name,
                &format!("c{c}"),
                if c == 5 { "bigint" } else { "integer" },
                c == 0,
            ));
        }
        if t > 0 {
            let prev_name = format!("t{}", t - 1);
            cur_rows.push(fk(
                &name,
                &format!("{name}_fk"),
                &["c1"],
                &prev_name,
                &["c0"],
            ));
        }
    }
    let (prev, cur) = (ddl(prev_rows), ddl(cur_rows));
    // Speed is measured by bench/generate.mjs; here, that a schema of this size diffs correctly.
    let plan = diff(&prev, &cur, &[], Mode::Generate).unwrap();
    let out = to_sql(&plan.statements);
    assert_eq!(out.len(), 1000 + 999);
}

/// A name that ends its identifier early when an embedded `"` is not doubled.
const HOSTILE: &str = "q\"; DROP TABLE victim; --";

#[test]
fn every_printed_name_doubles_an_embedded_quote() {
    let h = HOSTILE;
    let seq = json!({"schema": h, "name": h, "incrementBy": null, "minValue": null, "maxValue": null,
                     "startWith": null, "cacheSize": null, "cycle": null, "entityType": "sequences"});
    let cur = ddl(vec![
        json!({"name": h, "entityType": "schemas"}),
        seq,
        table(h, h),
        column(h, h, h, "integer", true),
        index(h, h, h, h),
        pk(h, h, h, &[h], true),
        json!({"schema": h, "table": h, "name": h, "nameExplicit": true, "columns": [h],
               "nullsNotDistinct": false, "entityType": "uniques"}),
    ]);
    let created = sql(&PgDdl::default(), &cur, &[]);
    let q = "\"q\"\"; DROP TABLE victim; --\"";
    let text = created.join("\n");
    // Every name is one identifier: removing the quoted forms leaves no trace of the name.
    assert!(!text.replace(q, "").contains("victim"), "{text}");
    assert!(text.contains(&format!("CREATE SCHEMA {q};")), "{text}");
    assert!(text.contains(&format!("CREATE SEQUENCE {q}.{q}")), "{text}");
    assert!(text.contains(&format!("CREATE TABLE {q}.{q} (")), "{text}");
    let renamed = sql(
        &cur,
        &ddl(vec![
            json!({"name": h, "entityType": "schemas"}),
            table(h, "plain"),
            column(h, "plain", h, "integer", true),
        ]),
        &hints(json!([
            {"type": "rename", "kind": "table", "from": [h, h], "to": [h, "plain"]},
            {"type": "create", "kind": "sequence", "entity": [h, h]},
        ])),
    );
    let text = renamed.join("\n");
    assert!(
        text.contains(&format!("ALTER TABLE {q}.{q} RENAME TO \"plain\";")),
        "{text}"
    );
    assert!(!text.replace(q, "").contains("victim"), "{text}");
}

#[test]
fn names_postgres_cannot_hold_are_refused_with_the_entity_named() {
    use crate::model::pg::{check_names, stored_name};
    let nul = ddl(vec![table("public", "a\u{0}b")]);
    let e = check_names(&nul).unwrap_err();
    assert_eq!(e.code, "schema_error");
    assert!(
        e.message.starts_with("table \"public\".\"a\\0b\""),
        "{}",
        e.message
    );
    assert!(e.message.contains("NUL"), "{}", e.message);

    let long = "x".repeat(63);
    let collide = ddl(vec![
        table("public", &format!("{long}_first")),
        table("public", &format!("{long}_second")),
    ]);
    let e = check_names(&collide).unwrap_err();
    assert!(
        e.message.contains("_second") && e.message.contains("_first"),
        "{}",
        e.message
    );
    assert!(e.message.contains("63 bytes"), "{}", e.message);
    // Different kinds, or different tables, do not collide; a multi-byte character is never split.
    let apart = ddl(vec![
        table("public", &format!("{long}_a")),
        column(
            "public",
            &format!("{long}_a"),
            &format!("{long}_a"),
            "integer",
            false,
        ),
    ]);
    assert!(check_names(&apart).is_ok());
    let wide = format!("{}é", "x".repeat(62));
    assert_eq!(stored_name(&wide), "x".repeat(62));
}

/// A name over 63 bytes is the object Postgres holds under its first 63 bytes (cut before a
/// multi-byte character): the catalog's spelling (push) or a spelling that changes only past the cut
/// (generate) is that object, so nothing is planned and nothing is asked; the table's children
/// follow the table.
#[test]
fn names_equal_in_their_held_bytes_are_one_object() {
    let long = |ch: &str, tail: &str| format!("{}é_{tail}", ch.repeat(62));
    let held = |ch: &str| ch.repeat(62);
    let state = |t: &str, c: &str, i: &str| {
        ddl(vec![
            table("public", t),
            column("public", t, "id", "integer", true),
            column("public", t, c, "text", false),
            index("public", t, i, c),
            pk("public", t, &format!("{t}_pkey"), &["id"], false),
        ])
    };
    let schema = state(&long("t", "x"), &long("c", "x"), &long("i", "x"));
    // As the catalog holds it: every long name cut. The generated key name is cut too.
    let mut catalog = state(&held("t"), &held("c"), &held("i"));
    catalog.pks[0].name = stored_name_of(&format!("{}_pkey", long("t", "x")));
    let plan = diff(&catalog, &schema, &[], Mode::Push).unwrap();
    assert!(plan.unresolved.is_empty(), "{:?}", plan.unresolved);
    assert_eq!(to_sql(&plan.statements), Vec::<String>::new());

    // Generate: the same names spelled differently past the cut, and the index's column changed.
    let mut next = state(&long("t", "y"), &long("c", "y"), &long("i", "y"));
    next.indexes[0].columns[0].value = "id".into();
    let out = sql(&schema, &next, &[]);
    assert_eq!(
        out,
        vec![
            format!("DROP INDEX \"{}\";", long("i", "y")),
            format!(
                "CREATE INDEX \"{}\" ON \"{}\" (\"id\");",
                long("i", "y"),
                long("t", "y")
            ),
        ]
    );
    // Names that differ within the first 63 bytes are still a question.
    let other = state(&long("t", "x"), &long("d", "x"), &long("i", "x"));
    let plan = diff(&schema, &other, &[], Mode::Generate).unwrap();
    assert!(!plan.unresolved.is_empty());
}

fn stored_name_of(name: &str) -> String {
    crate::model::pg::stored_name(name).to_string()
}

/// A column changing type under views: the views reading its table, directly or through other views
/// (quoted as drizzle writes them or bare as the catalog prints them), are dropped dependants-first
/// before the change and created after it; a view of another table is untouched.
#[test]
fn retyped_column_recreates_the_views_that_read_it() {
    let view = |name: &str, definition: &str| {
        json!({"schema": "public", "name": name, "definition": definition, "with": null,
               "withNoData": null, "using": null, "tablespace": null, "materialized": false,
               "entityType": "views"})
    };
    let state = |ty: &str| {
        ddl(vec![
            table("public", "items"),
            column("public", "items", "qty", ty, false),
            table("public", "other"),
            column("public", "other", "n", "integer", false),
            view("top", " SELECT base.qty FROM base WHERE (base.qty > 10);"),
            view("base", "select \"qty\" from \"items\""),
            view("side", "select \"n\" from \"other\""),
        ])
    };
    let mut plan = diff(&state("integer"), &state("bigint"), &[], Mode::Push).unwrap();
    sort_created_views(&mut plan.statements, &ViewDependencies::new());
    assert_eq!(
        to_sql(&plan.statements),
        vec![
            "DROP VIEW \"top\";".to_string(),
            "DROP VIEW \"base\";".to_string(),
            "ALTER TABLE \"items\" ALTER COLUMN \"qty\" SET DATA TYPE bigint USING \"qty\"::bigint;".to_string(),
            "CREATE VIEW \"base\" AS (select \"qty\" from \"items\");".to_string(),
            "CREATE VIEW \"top\" AS ( SELECT base.qty FROM base WHERE (base.qty > 10););".to_string(),
        ]
    );
}
