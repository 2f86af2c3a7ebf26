use serde_json::{json, Value};

use super::*;
use crate::model::pg::entity_key;

const BASE: &str = "20260101000000_base";

fn file(folder: &str, value: Value) -> SnapshotFile {
    SnapshotFile {
        folder: folder.to_string(),
        text: serde_json::to_string_pretty(&value).unwrap(),
    }
}

fn base(id: &str, ddl: Value) -> Value {
    json!({"type": "base", "version": "9", "dialect": "postgres", "id": id,
           "prevIds": [NIL_ID], "footprints": [], "ddl": ddl})
}

fn diff(id: &str, prev: &[&str], deltas: Value) -> Value {
    json!({"type": "diff", "version": "9", "dialect": "postgres", "id": id,
           "prevIds": prev, "footprints": [], "deltas": deltas})
}

fn key(kind: &str, identity: &[&str]) -> String {
    entity_key(kind, identity)
}

fn column(schema: &str, table: &str, name: &str) -> Value {
    json!({"schema": schema, "table": table, "name": name, "type": "integer", "typeSchema": null,
           "notNull": false, "dimensions": 0, "default": null, "generated": null,
           "identity": null, "entityType": "columns"})
}

/// Two schemas, an enum-typed column, and every kind of row that names a table or column.
fn sample_ddl() -> Value {
    let mut mood_col = column("auth", "accounts", "mood");
    mood_col["type"] = json!("mood");
    mood_col["typeSchema"] = json!("auth");
    json!([
        {"name": "auth", "entityType": "schemas"},
        {"schema": "public", "name": "users", "isRlsEnabled": false, "entityType": "tables"},
        {"schema": "auth", "name": "accounts", "isRlsEnabled": false, "entityType": "tables"},
        {"schema": "auth", "name": "mood", "values": ["a", "b"], "entityType": "enums"},
        column("public", "users", "id"),
        column("public", "users", "email"),
        column("auth", "accounts", "id"),
        column("auth", "accounts", "user_id"),
        mood_col,
        {"schema": "public", "table": "users", "name": "users_email_idx", "nameExplicit": true,
         "columns": [{"value": "email", "isExpression": false, "asc": true, "nullsFirst": false, "opclass": null},
                     {"value": "email", "isExpression": true, "asc": true, "nullsFirst": false, "opclass": null}],
         "isUnique": false, "where": null, "with": "", "method": "btree", "concurrently": false,
         "entityType": "indexes"},
        {"schema": "auth", "table": "accounts", "name": "accounts_user_fk", "nameExplicit": true,
         "columns": ["user_id"], "schemaTo": "public", "tableTo": "users", "columnsTo": ["id"],
         "onUpdate": "NO ACTION", "onDelete": "CASCADE", "entityType": "fks"},
        {"schema": "public", "table": "users", "name": "users_pkey", "columns": ["id"],
         "nameExplicit": false, "entityType": "pks"},
        {"schema": "public", "table": "users", "name": "users_email_key", "nameExplicit": false,
         "columns": ["email"], "nullsNotDistinct": false, "entityType": "uniques"},
        {"schema": "public", "table": "users", "name": "email_check", "value": "email <> ''",
         "entityType": "checks"},
        {"schema": "auth", "name": "seq", "incrementBy": "1", "minValue": null, "maxValue": null,
         "startWith": null, "cacheSize": null, "cycle": null, "entityType": "sequences"},
        {"name": "admin", "superuser": null, "createDb": null, "createRole": null, "inherit": null,
         "canLogin": null, "replication": null, "bypassRls": null, "connLimit": null,
         "password": null, "validUntil": null, "entityType": "roles"},
        {"schema": "public", "table": "users", "name": "own_rows", "as": "PERMISSIVE", "for": "ALL",
         "roles": ["admin", "public"], "using": "true", "withCheck": null, "entityType": "policies"},
        {"schema": "auth", "name": "v", "definition": "select 1", "with": null, "withNoData": null,
         "using": null, "tablespace": null, "materialized": false, "entityType": "views"}
    ])
}

fn state_after(deltas: Value) -> Result<PgDdl> {
    let files = [
        file(BASE, base("b", sample_ddl())),
        file("20260101000001_x", diff("d", &["b"], deltas)),
    ];
    History::from_files(&files)?.leaf_state()
}

fn rename(kind: &str, identity: &[&str], set: Value) -> Value {
    json!({"op": "rename", "key": key(kind, identity), "set": set})
}

fn err_of(files: &[SnapshotFile]) -> Error {
    match History::from_files(files).and_then(|h| h.leaf_state()) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn table_rename_follows_into_every_dependant() {
    let s = state_after(json!([rename(
        "tables",
        &["public", "users"],
        json!({"name": "members"})
    )]))
    .unwrap();
    assert_eq!(s.tables[0].name, "members");
    assert!(s
        .columns
        .iter()
        .filter(|c| c.schema == "public")
        .all(|c| c.table == "members"));
    assert_eq!(s.indexes[0].table, "members");
    assert_eq!(
        (s.fks[0].table.as_str(), s.fks[0].table_to.as_str()),
        ("accounts", "members")
    );
    assert_eq!(s.pks[0].table, "members");
    assert_eq!(s.uniques[0].table, "members");
    assert_eq!(s.checks[0].table, "members");
    assert_eq!(s.policies[0].table, "members");
    // Renamed rows keep their place.
    assert_eq!(s.columns[0].name, "id");
}

#[test]
fn column_rename_renames_it_in_lists_but_not_in_expressions() {
    let s = state_after(json!([
        rename(
            "columns",
            &["public", "users", "email"],
            json!({"name": "mail"})
        ),
        rename(
            "columns",
            &["public", "users", "id"],
            json!({"name": "uid"})
        )
    ]))
    .unwrap();
    let idx: Vec<&str> = s.indexes[0]
        .columns
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(idx, ["mail", "email"]);
    assert_eq!(s.uniques[0].columns, ["mail"]);
    assert_eq!(s.pks[0].columns, ["uid"]);
    assert_eq!(s.fks[0].columns_to, ["uid"]);
    assert_eq!(s.fks[0].columns, ["user_id"]);
    // Checks are SQL text: rc.5 stores the rewritten text as its own alter delta.
    assert_eq!(s.checks[0].value, "email <> ''");
}

#[test]
fn schema_rename_moves_tables_enums_sequences_views_and_their_dependants() {
    let s = state_after(json!([rename(
        "schemas",
        &["auth"],
        json!({"name": "identity"})
    )]))
    .unwrap();
    assert_eq!(s.schemas[0].name, "identity");
    assert_eq!(s.tables[1].schema, "identity");
    assert_eq!(s.enums[0].schema, "identity");
    assert_eq!(s.sequences[0].schema, "identity");
    assert_eq!(s.views[0].schema, "identity");
    let mood = s.columns.iter().find(|c| c.name == "mood").unwrap();
    assert_eq!(
        (mood.schema.as_str(), mood.type_schema.as_deref()),
        ("identity", Some("identity"))
    );
    assert_eq!(s.fks[0].schema, "identity");
    assert_eq!(s.fks[0].schema_to, "public");
}

#[test]
fn enum_rename_and_move_retype_columns_and_role_rename_reaches_policies() {
    let s = state_after(json!([
        rename(
            "enums",
            &["auth", "mood"],
            json!({"name": "feeling", "schema": "public"})
        ),
        rename("roles", &["admin"], json!({"name": "boss"}))
    ]))
    .unwrap();
    let mood = s.columns.iter().find(|c| c.name == "mood").unwrap();
    assert_eq!(
        (mood.sql_type.as_str(), mood.type_schema.as_deref()),
        ("feeling", Some("public"))
    );
    assert_eq!(s.policies[0].roles, ["boss", "public"]);
}

#[test]
fn table_move_into_a_schema_that_has_the_name_is_a_collision() {
    let mut ddl = sample_ddl();
    ddl.as_array_mut().unwrap().push(
        json!({"schema": "auth", "name": "users", "isRlsEnabled": false, "entityType": "tables"}),
    );
    let files = [
        file(BASE, base("b", ddl)),
        file(
            "20260101000001_x",
            diff(
                "d",
                &["b"],
                json!([rename(
                    "tables",
                    &["public", "users"],
                    json!({"schema": "auth"})
                )]),
            ),
        ),
    ];
    let e = err_of(&files);
    assert_eq!(e.code, "snapshot_error");
    assert!(e.message.contains("20260101000001_x/snapshot.json"), "{e}");
    assert!(e.message.contains("collides"), "{e}");
}

#[test]
fn corrupt_inputs_are_errors_naming_the_file() {
    let ok_base = file(BASE, base("b", sample_ddl()));
    let cases: Vec<(Vec<SnapshotFile>, &str, &str)> = vec![
        (
            vec![SnapshotFile {
                folder: BASE.into(),
                text: "{ not json".into(),
            }],
            BASE,
            "not valid JSON",
        ),
        (
            vec![file(BASE, {
                let mut b = base("b", json!([]));
                b["version"] = json!("8");
                b
            })],
            BASE,
            "sleet up",
        ),
        (
            vec![file(BASE, {
                let mut b = base("b", json!([]));
                b["version"] = json!("10");
                b
            })],
            BASE,
            "Update sleet",
        ),
        (
            vec![file(BASE, {
                let mut b = base("b", json!([]));
                b["dialect"] = json!("sqlite");
                b
            })],
            BASE,
            "postgresql",
        ),
        (
            vec![
                ok_base.clone(),
                file("20260101000001_copy", diff("b", &["b"], json!([]))),
            ],
            "20260101000001_copy",
            "id b",
        ),
        (
            vec![
                ok_base.clone(),
                file("20260101000001_x", diff("d", &["gone"], json!([]))),
            ],
            "20260101000001_x",
            "gone",
        ),
        (
            vec![
                ok_base.clone(),
                file(
                    "20260101000001_x",
                    diff(
                        "d",
                        &["b"],
                        json!([{"op": "drop", "key": key("tables", &["public", "nope"])}]),
                    ),
                ),
            ],
            "20260101000001_x",
            "does not have",
        ),
        (
            vec![
                ok_base.clone(),
                file(
                    "20260101000001_x",
                    diff(
                        "d",
                        &["b"],
                        json!([{"op": "alter", "key": key("columns", &["public", "users", "nope"]), "set": {"notNull": true}}]),
                    ),
                ),
            ],
            "20260101000001_x",
            "does not have",
        ),
        (
            vec![
                ok_base.clone(),
                file("20260101000001_x", diff("x", &["y"], json!([]))),
                file("20260101000002_y", diff("y", &["x"], json!([]))),
            ],
            "snapshot.json",
            "cycle",
        ),
        (
            vec![file("20260101000001_x", diff("x", &["b"], json!([])))],
            "20260101000001_x",
            "base snapshot",
        ),
        (
            vec![
                ok_base.clone(),
                file("20260101000001_b2", base("b2", json!([]))),
            ],
            "20260101000001_b2",
            "second base",
        ),
        (
            vec![
                ok_base.clone(),
                file("20250101000001_early", diff("e", &["b"], json!([]))),
            ],
            "20250101000001_early",
            "sorts before its parent",
        ),
        (
            vec![file(
                BASE,
                base(
                    "b",
                    json!([{"name": "a", "entityType": "schemas"}, {"name": "a", "entityType": "schemas"}]),
                ),
            )],
            BASE,
            "two rows",
        ),
        (
            vec![
                ok_base.clone(),
                file(
                    "20260101000001_x",
                    diff(
                        "d",
                        &["b"],
                        json!([{"op": "explode", "key": key("tables", &["public", "users"])}]),
                    ),
                ),
            ],
            "20260101000001_x",
            "unknown op",
        ),
        (
            vec![
                ok_base,
                file(
                    "20260101000001_x",
                    diff(
                        "d",
                        &["b"],
                        json!([{"op": "create", "row": {"name": "x", "entityType": "schemas"}}, {"op": "create", "row": {"name": "x", "entityType": "schemas"}},
                        {"op": "create", "row": {"schema": "public", "name": "users", "isRlsEnabled": true, "entityType": "tables"}}]),
                    ),
                ),
            ],
            "20260101000001_x",
            "other values",
        ),
    ];
    for (files, path_part, message_part) in cases {
        let e = err_of(&files);
        assert_eq!(e.code, "snapshot_error", "{e}");
        assert!(e.message.contains(path_part), "{e} should name {path_part}");
        assert!(
            e.message.contains(message_part),
            "{e} should say {message_part}"
        );
    }
}

#[test]
fn merge_applies_the_other_branch_after_the_first_and_tolerates_its_stale_deltas() {
    // Branch a alters users.email; branch c drops it. At the merge the first parent is c (the
    // newest folder); a's deltas follow, and its alter of the row c dropped is passed over.
    let files = [
        file(BASE, base("b", sample_ddl())),
        file(
            "20260101000001_a",
            diff(
                "a",
                &["b"],
                json!([{"op": "alter", "key": key("columns", &["public", "users", "email"]), "set": {"notNull": true}},
                       {"op": "create", "row": column("public", "users", "from_a")}]),
            ),
        ),
        file(
            "20260101000002_c",
            diff(
                "c",
                &["b"],
                json!([{"op": "drop", "key": key("columns", &["public", "users", "email"])},
                       {"op": "create", "row": column("public", "users", "from_c")}]),
            ),
        ),
    ];
    let history = History::from_files(&files).unwrap();
    assert_eq!(history.leaf_ids(), ["c", "a"]);
    let merged = history.leaf_state().unwrap();
    let names: Vec<&str> = merged
        .columns
        .iter()
        .filter(|c| c.table == "users")
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["id", "from_c", "from_a"]);

    let mut with_merge = files.to_vec();
    with_merge.push(file(
        "20260101000003_m",
        diff(
            "m",
            &["c", "a"],
            json!([{"op": "create", "row": column("public", "users", "from_m")}]),
        ),
    ));
    let h = History::from_files(&with_merge).unwrap();
    assert_eq!(h.leaf_ids(), ["m"]);
    assert_eq!(
        h.newest_folder_ms(),
        naming::folder_millis("20260101000003_m")
    );
    let names: Vec<String> = h
        .leaf_state()
        .unwrap()
        .columns
        .into_iter()
        .filter(|c| c.table == "users")
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["id", "from_c", "from_a", "from_m"]);
}

#[test]
fn diff_snapshot_orders_renames_creates_drops_alters_and_sets_only_changed_fields() {
    let prev = PgDdl::from_rows(sample_ddl().as_array().unwrap(), "prev").unwrap();
    let mut cur = prev.clone();
    cur.tables[0].name = "members".into();
    for c in cur.columns.iter_mut().filter(|c| c.table == "users") {
        c.table = "members".into();
        if c.name == "email" {
            c.not_null = true;
            c.default = Some("'x'".into());
        }
    }
    for row in [&mut cur.indexes[0].table, &mut cur.fks[0].table_to] {
        *row = "members".into();
    }
    cur.pks[0].table = "members".into();
    cur.uniques[0].table = "members".into();
    cur.checks[0].table = "members".into();
    cur.policies[0].table = "members".into();
    cur.policies[0].roles = vec!["public".into(), "admin".into()];
    cur.sequences.clear();
    cur.schemas.push(crate::model::pg::Schema {
        name: "extra".into(),
        entity_type: Default::default(),
    });
    let renames = [crate::snapshot::Rename {
        key: key("tables", &["public", "users"]),
        set: json!({"name": "members", "schema": "public"})
            .as_object()
            .unwrap()
            .clone(),
    }];
    let text = write_diff("new", &["p".into()], &prev, &cur, &renames, &[]).unwrap();
    let expected = r#"{
  "type": "diff",
  "version": "9",
  "dialect": "postgres",
  "id": "new",
  "prevIds": [
    "p"
  ],
  "footprints": [],
  "deltas": [
    {
      "op": "rename",
      "key": "tables\u0000[\"public\",\"users\"]",
      "set": {
        "name": "members"
      }
    },
    {
      "op": "create",
      "row": {
        "name": "extra",
        "entityType": "schemas"
      }
    },
    {
      "op": "drop",
      "key": "sequences\u0000[\"auth\",\"seq\"]"
    },
    {
      "op": "alter",
      "key": "columns\u0000[\"public\",\"members\",\"email\"]",
      "set": {
        "notNull": true,
        "default": "'x'"
      }
    }
  ]
}"#;
    assert_eq!(text, expected);

    // Reading it back gives `cur`, except the policy keeps its old role order (as rc.5 does).
    let files = [
        file(BASE, base("p", sample_ddl())),
        SnapshotFile {
            folder: "20260101000001_x".into(),
            text,
        },
    ];
    let back = History::from_files(&files).unwrap().leaf_state().unwrap();
    let mut expected_state = cur;
    expected_state.policies[0].roles = vec!["admin".into(), "public".into()];
    assert_eq!(back, expected_state);
}

#[test]
fn base_snapshot_round_trips() {
    let ddl = PgDdl::from_rows(sample_ddl().as_array().unwrap(), "x").unwrap();
    let text = write_base("id1", &ddl, &[]).unwrap().to_string();
    assert!(text.starts_with("{\n  \"type\": \"base\",\n  \"version\": \"9\",\n  \"dialect\": \"postgres\",\n  \"id\": \"id1\",\n  \"prevIds\": [\n    \"00000000-0000-0000-0000-000000000000\"\n  ],\n  \"footprints\": [],\n  \"ddl\": ["));
    let h = History::from_files(&[SnapshotFile {
        folder: BASE.into(),
        text,
    }])
    .unwrap();
    assert_eq!(h.leaf_state().unwrap(), ddl);
}

#[test]
fn empty_folder_is_an_empty_history() {
    let h = History::from_files(&[]).unwrap();
    assert!(h.is_empty());
    assert!(h.leaf_ids().is_empty());
    assert_eq!(h.leaf_state().unwrap(), PgDdl::default());
    assert_eq!(h.newest_folder_ms(), None);
}

/// 1,000 tables of 10 columns, then 200 migrations that each rename a table and a column, add a
/// table and alter a column.
#[test]
fn large_renaming_history_reconstructs() {
    let mut rows = Vec::new();
    for t in 0..1000 {
        let table = format!("t{t}");
        rows.push(
            json!({"schema": "public", "name": table, "isRlsEnabled": false, "entityType": "tables"}),
        );
        for c in 0..10 {
            rows.push(column("public", &table, &format!("c{c}")));
        }
    }
    for t in 0..1000 {
        let table = format!("t{t}");
        rows.push(
            json!({"schema": "public", "table": table, "name": format!("{table}_pkey"),
                         "columns": ["c0"], "nameExplicit": false, "entityType": "pks"}),
        );
        rows.push(
            json!({"schema": "public", "table": table, "name": format!("{table}_fk"),
                         "nameExplicit": true, "columns": ["c1"], "schemaTo": "public",
                         "tableTo": format!("t{}", (t + 1) % 1000), "columnsTo": ["c0"],
                         "onUpdate": "NO ACTION", "onDelete": "NO ACTION", "entityType": "fks"}),
        );
    }
    let mut files = vec![file("20260101000000_base", base("id0", Value::Array(rows)))];
    for m in 1..=200 {
        let table = format!("t{m}");
        let deltas = json!([
            rename("tables", &["public", &table], json!({"name": format!("r{m}")})),
            rename("columns", &["public", &format!("r{m}"), "c0"], json!({"name": "k"})),
            {"op": "create", "row": {"schema": "public", "name": format!("new{m}"), "isRlsEnabled": false, "entityType": "tables"}},
            {"op": "alter", "key": key("columns", &["public", &format!("r{m}"), "c5"]), "set": {"notNull": true}}
        ]);
        files.push(file(
            &format!("20260101{:06}_m", m),
            diff(&format!("id{m}"), &[&format!("id{}", m - 1)], deltas),
        ));
    }
    // Speed is measured by the check benchmark; here, that a long renaming history reconstructs right.
    let state = History::from_files(&files).unwrap().leaf_state().unwrap();
    assert_eq!(state.tables.len(), 1200);
    let renamed_pk = state.pks.iter().find(|p| p.table == "r7").unwrap();
    assert_eq!(renamed_pk.columns, ["k"]);
    let pointing = state.fks.iter().find(|f| f.table == "r6").unwrap();
    assert_eq!(
        (pointing.table_to.as_str(), pointing.columns_to.as_slice()),
        ("r7", ["k".to_string()].as_slice())
    );
}

/// Issue 11: rc.5 reads such a snapshot and the next diff writes `ALTER TABLE "ghost" DROP COLUMN …`.
#[test]
fn rows_of_a_table_that_does_not_exist_are_refused_naming_the_file() {
    let mut ddl = sample_ddl();
    ddl.as_array_mut()
        .unwrap()
        .push(column("public", "ghost", "boo"));
    let e = err_of(&[file(BASE, base("b", ddl))]);
    assert_eq!(e.code, "snapshot_error");
    assert!(
        e.message.starts_with(&format!("{BASE}/snapshot.json: ")),
        "{}",
        e.message
    );
    assert!(
        e.message
            .contains("column row \"boo\" of table public.ghost"),
        "{}",
        e.message
    );
    // A diff that drops a table but not its rows leaves them orphaned: named by the diff's file.
    let e = state_after(json!([{"op": "drop", "key": key("tables", &["public", "users"])}]))
        .unwrap_err();
    assert!(
        e.message.starts_with("20260101000001_x/snapshot.json: "),
        "{}",
        e.message
    );
    assert!(e.message.contains("of table public.users"), "{}", e.message);
}
