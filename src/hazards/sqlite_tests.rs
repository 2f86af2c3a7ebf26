//! Every SQLite hazard code: a plan that must raise it and a near miss that must not; and plans
//! printed by the SQLite wing itself (diff + printer), so the rules read what generate writes.

use super::sqlite::{analyse_file, hazards, RULES};
use super::{acknowledge, Class};
use crate::diff::sqlite as sqlite_diff;
use crate::model::sqlite::{Column, ForeignKey, Generated, PrimaryKey, SqliteDdl, Table};

fn col(table: &str, name: &str, ty: &str, not_null: bool) -> Column {
    Column {
        table: table.into(),
        name: name.into(),
        r#type: ty.into(),
        not_null,
        autoincrement: None,
        default: None,
        generated: None,
    }
}

/// `users(id integer pk, email text not null, name text, code text, total integer generated)`,
/// `posts(id integer pk, author integer → users.id on delete cascade)`, `tags(id integer)`.
fn prev() -> SqliteDdl {
    let mut total = col("users", "total", "integer", false);
    total.generated = Some(Generated {
        r#as: "(length(\"name\"))".into(),
        r#type: "virtual".into(),
    });
    SqliteDdl {
        tables: ["users", "posts", "tags"]
            .iter()
            .map(|n| Table { name: (*n).into() })
            .collect(),
        columns: vec![
            col("users", "id", "integer", true),
            col("users", "email", "text", true),
            col("users", "name", "text", false),
            col("users", "code", "text", false),
            total,
            col("posts", "id", "integer", true),
            col("posts", "author", "integer", false),
            col("tags", "id", "integer", false),
        ],
        pks: vec![
            PrimaryKey {
                table: "users".into(),
                name: "users_pk".into(),
                columns: vec!["id".into()],
                name_explicit: false,
            },
            PrimaryKey {
                table: "posts".into(),
                name: "posts_pk".into(),
                columns: vec!["id".into()],
                name_explicit: false,
            },
        ],
        fks: vec![ForeignKey {
            table: "posts".into(),
            name: "posts_author_users_id_fk".into(),
            columns: vec!["author".into()],
            table_to: "users".into(),
            columns_to: vec!["id".into()],
            on_update: "no action".into(),
            on_delete: "cascade".into(),
            name_explicit: false,
        }],
        ..SqliteDdl::default()
    }
}

fn codes_with(sql: &[&str], prev: &SqliteDdl) -> Vec<&'static str> {
    let statements: Vec<String> = sql.iter().map(|s| s.to_string()).collect();
    hazards(&statements, prev)
        .into_iter()
        .map(|h| h.code)
        .collect()
}

fn codes(sql: &[&str]) -> Vec<&'static str> {
    codes_with(sql, &prev())
}

/// A rebuild of `users` in the printer's shape, with the given copy and new columns.
fn rebuild(columns: &str, targets: &str, sources: &str) -> Vec<String> {
    vec![
        "PRAGMA foreign_keys=OFF;".into(),
        format!("CREATE TABLE `__new_users` (\n{columns}\n);\n"),
        format!("INSERT INTO `__new_users`({targets}) SELECT {sources} FROM `users`;"),
        "DROP TABLE `users`;".into(),
        "ALTER TABLE `__new_users` RENAME TO `users`;".into(),
        "PRAGMA foreign_keys=ON;".into(),
    ]
}

const USERS: &str = "\t`id` integer PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL,\n\t`name` text,\n\t`code` text,\n\t`total` integer GENERATED ALWAYS AS (length(\"name\")) VIRTUAL";
const ALL: &str = "`id`, `email`, `name`, `code`";

fn rebuild_codes(columns: &str, targets: &str, sources: &str) -> Vec<&'static str> {
    let sql = rebuild(columns, targets, sources);
    let refs: Vec<&str> = sql.iter().map(String::as_str).collect();
    // posts references users: every rebuild of users also raises rebuild-fk-children, which is not
    // what these cases are about.
    codes(&refs)
        .into_iter()
        .filter(|c| *c != "rebuild-fk-children")
        .collect()
}

/// Each case: code, statements that must raise it, statements that must raise nothing.
fn cases() -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let without_code = USERS.replace(",\n\t`code` text", "");
    vec![
        (
            "drop-table",
            s(&["DROP TABLE `tags`;"]),
            s(&["CREATE TABLE `tmp` (\n\t`id` integer\n);\n", "DROP TABLE `tmp`;"]),
        ),
        (
            "drop-column",
            s(&["ALTER TABLE `users` DROP COLUMN `code`;"]),
            // A generated column holds nothing of its own.
            s(&["ALTER TABLE `users` DROP COLUMN `total`;"]),
        ),
        (
            "rebuild-drops-column",
            rebuild(&without_code, "`id`, `email`, `name`", "`id`, `email`, `name`"),
            rebuild(USERS, ALL, ALL),
        ),
        (
            "rebuild-narrowing",
            rebuild(&USERS.replace("`code` text", "`code` integer"), ALL, ALL),
            // integer → text keeps every value's digits.
            vec![
                "PRAGMA foreign_keys=OFF;".into(),
                "CREATE TABLE `__new_posts` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`author` text\n);\n".into(),
                "INSERT INTO `__new_posts`(`id`, `author`) SELECT `id`, `author` FROM `posts`;".into(),
                "DROP TABLE `posts`;".into(),
                "ALTER TABLE `__new_posts` RENAME TO `posts`;".into(),
                "PRAGMA foreign_keys=ON;".into(),
            ],
        ),
        (
            "rebuild-not-null",
            rebuild(&USERS.replace("`name` text,", "`name` text NOT NULL,"), ALL, ALL),
            // Already NOT NULL before: nothing changes for its rows.
            rebuild(&USERS.replace("`email` text NOT NULL,", "`email` text NOT NULL DEFAULT 'x',"), ALL, ALL),
        ),
        (
            "rebuild-fills-nulls",
            rebuild(
                &USERS.replace("`name` text,", "`name` text DEFAULT 'anon' NOT NULL,"),
                ALL,
                "`id`, `email`, COALESCE(`name`, 'anon'), `code`",
            ),
            rebuild(&USERS.replace("`name` text,", "`name` text DEFAULT 'anon',"), ALL, ALL),
        ),
        (
            "rebuild-fk-children",
            rebuild(USERS, ALL, ALL),
            // posts has no children.
            vec![
                "PRAGMA foreign_keys=OFF;".into(),
                "CREATE TABLE `__new_posts` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`author` integer,\n\tFOREIGN KEY (`author`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade\n);\n".into(),
                "INSERT INTO `__new_posts`(`id`, `author`) SELECT `id`, `author` FROM `posts`;".into(),
                "DROP TABLE `posts`;".into(),
                "ALTER TABLE `__new_posts` RENAME TO `posts`;".into(),
                "PRAGMA foreign_keys=ON;".into(),
            ],
        ),
        (
            "unique-index",
            s(&["CREATE UNIQUE INDEX `users_code_unique` ON `users` (`code`);"]),
            s(&[
                "CREATE INDEX `users_code_idx` ON `users` (`code`);",
                "CREATE TABLE `labels` (\n\t`name` text\n);\n",
                "CREATE UNIQUE INDEX `labels_name_unique` ON `labels` (`name`);",
            ]),
        ),
        (
            "rename-column",
            s(&["ALTER TABLE `users` RENAME COLUMN `name` TO `full_name`;"]),
            s(&[
                "CREATE TABLE `drafts` (\n\t`body` text\n);\n",
                "ALTER TABLE `drafts` RENAME COLUMN `body` TO `text`;",
            ]),
        ),
        (
            "rename-table",
            s(&["ALTER TABLE `users` RENAME TO `people`;"]),
            s(&[
                "CREATE TABLE `draft` (\n\t`id` integer\n);\n",
                "ALTER TABLE `draft` RENAME TO `final`;",
            ]),
        ),
    ]
}

#[test]
fn every_code_is_raised_by_its_case_and_not_by_its_near_miss() {
    for (code, raise, near_miss) in cases() {
        let refs: Vec<&str> = raise.iter().map(String::as_str).collect();
        let got = codes(&refs);
        assert!(
            got.contains(&code),
            "{code} not raised by {raise:?}: {got:?}"
        );
        let refs: Vec<&str> = near_miss.iter().map(String::as_str).collect();
        // Every rebuild of users also raises rebuild-fk-children (posts references it); its own case
        // proves that, the other near misses are about their own code.
        let got: Vec<&str> = codes(&refs)
            .into_iter()
            .filter(|c| code == "rebuild-fk-children" || *c != "rebuild-fk-children")
            .collect();
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
fn a_rebuild_is_one_change_not_a_drop_and_a_rename() {
    let got = rebuild_codes(USERS, ALL, ALL);
    assert!(got.is_empty(), "{got:?}");
    let got = codes(&[
        "CREATE TABLE `__new_tags` (\n\t`id` integer NOT NULL\n);\n",
        "INSERT INTO `__new_tags`(`id`) SELECT COALESCE(`id`, 0) FROM `tags`;",
        "DROP TABLE `tags`;",
        "ALTER TABLE `__new_tags` RENAME TO `tags`;",
    ]);
    assert_eq!(got, vec!["rebuild-fills-nulls"]);
}

#[test]
fn the_cascade_is_named_where_children_would_be_deleted() {
    let sql = rebuild(USERS, ALL, ALL);
    let found = hazards(&sql, &prev());
    let h = found
        .iter()
        .find(|h| h.code == "rebuild-fk-children")
        .expect("raised");
    assert_eq!(h.sql, "DROP TABLE `users`;");
    assert_eq!(h.class, Class::DataLoss);
    assert!(
        h.why.contains("posts") && h.why.contains("CASCADE"),
        "{}",
        h.why
    );
}

/// The SQLite wing's own diff and printer: what `generate` writes is what the rules read.
#[test]
fn plans_printed_by_the_sqlite_wing() {
    let before = prev();
    let mut after = prev();
    // code text → integer and name NOT NULL: a rebuild of users; tags dropped; a unique index on posts.
    for c in &mut after.columns {
        if c.table == "users" && c.name == "code" {
            c.r#type = "integer".into();
        }
        if c.table == "users" && c.name == "name" {
            c.not_null = true;
        }
    }
    after.tables.retain(|t| t.name != "tags");
    after.columns.retain(|c| c.table != "tags");
    let plan = sqlite_diff::diff(&before, &after, &[], crate::diff::Mode::Generate).expect("diff");
    assert!(plan.unresolved.is_empty(), "{:?}", plan.unresolved);
    let sql = crate::sql::sqlite::to_sql(&plan.statements);
    let mut got: Vec<&str> = hazards(&sql, &before).into_iter().map(|h| h.code).collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            "drop-table",
            "rebuild-fk-children",
            "rebuild-narrowing",
            "rebuild-not-null"
        ],
        "{sql:#?}"
    );
}

/// rc.5 adds a column, then rebuilds the table without copying it: it held only its default.
#[test]
fn a_column_added_before_a_rebuild_is_not_lost_by_it() {
    let before = prev();
    let mut after = prev();
    after.columns.push(col("tags", "label", "text", false));
    for c in &mut after.columns {
        if c.table == "tags" && c.name == "id" {
            c.default = Some("1".into());
        }
    }
    let plan = sqlite_diff::diff(&before, &after, &[], crate::diff::Mode::Generate).expect("diff");
    let sql = crate::sql::sqlite::to_sql(&plan.statements);
    assert!(sql[0].contains("ADD `label`"), "{sql:#?}");
    assert!(
        sql.iter()
            .any(|s| s.starts_with("INSERT INTO `__new_tags`(`id`)")),
        "{sql:#?}"
    );
    let got: Vec<&str> = hazards(&sql, &before).into_iter().map(|h| h.code).collect();
    assert!(got.is_empty(), "{got:?} for {sql:#?}");
    // A column the table had before is still a loss.
    let mut gone = after.clone();
    gone.columns
        .retain(|c| !(c.table == "users" && c.name == "code"));
    for c in &mut gone.columns {
        if c.table == "users" && c.name == "name" {
            c.not_null = true;
        }
    }
    let plan = sqlite_diff::diff(&before, &gone, &[], crate::diff::Mode::Generate).expect("diff");
    let sql = crate::sql::sqlite::to_sql(&plan.statements);
    let got: Vec<&str> = hazards(&sql, &before).into_iter().map(|h| h.code).collect();
    assert!(
        got.contains(&"rebuild-drops-column"),
        "{got:?} for {sql:#?}"
    );
}

#[test]
fn lint_reads_files_with_breakpoints_and_allow_lines() {
    let text = "-- sleet:allow drop-table archived in v3\nDROP TABLE `tags`;--> statement-breakpoint\nALTER TABLE `users` RENAME COLUMN `name` TO `full_name`;";
    let (mut found, allows) = analyse_file("m/migration.sql", text, Some(&prev())).unwrap();
    let unused = acknowledge(&mut found, &allows);
    assert!(unused.is_empty());
    let summary: Vec<(&str, bool, Option<u64>)> = found
        .iter()
        .map(|h| (h.code, h.allowed.is_some(), h.line))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("drop-table", true, Some(2)),
            ("rename-column", false, Some(3))
        ]
    );
}

#[test]
fn without_a_snapshot_only_the_text_speaks() {
    let sql = rebuild(&USERS.replace("`code` text", "`code` integer"), ALL, ALL);
    let text = sql.join("\n--> statement-breakpoint\n");
    let (found, _) = analyse_file("x.sql", &text, None).unwrap();
    // The old type and the children are unknown; the drop inside the rebuild is not a drop-table.
    assert!(found.is_empty(), "{found:?}");
}
