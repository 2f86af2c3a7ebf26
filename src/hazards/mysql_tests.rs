//! Every MySQL hazard code: a plan that must raise it and a near miss that must not; and plans
//! printed by the MySQL wing itself (diff + printer), so the rules read what generate writes.

use super::mysql::{analyse_file, hazards, RULES};
use super::{acknowledge, Class, Severity};
use crate::diff::Mode;
use crate::model::mysql::{interim, Column, Generated, MysqlDdl, PrimaryKey, Table};

fn col(table: &str, name: &str, ty: &str, not_null: bool) -> Column {
    Column {
        table: table.into(),
        name: name.into(),
        r#type: ty.into(),
        not_null,
        auto_increment: false,
        default: None,
        on_update_now: false,
        on_update_now_fsp: None,
        char_set: None,
        collation: None,
        generated: None,
    }
}

/// `users(id serial pk, email varchar(255) not null, name varchar(20), age int,
/// status enum('a','b','c') not null, total int generated)`, `posts(id int, author bigint unsigned)`,
/// `tags(id int)`.
fn prev() -> MysqlDdl {
    let mut id = col("users", "id", "serial", true);
    id.auto_increment = true;
    let mut total = col("users", "total", "int", false);
    total.generated = Some(Generated {
        r#as: "`age` * 2".into(),
        r#type: "virtual".into(),
    });
    MysqlDdl {
        tables: ["users", "posts", "tags"]
            .iter()
            .map(|n| Table { name: (*n).into() })
            .collect(),
        columns: vec![
            id,
            col("users", "email", "varchar(255)", true),
            col("users", "name", "varchar(20)", false),
            col("users", "age", "int", false),
            col("users", "status", "enum('a','b','c')", true),
            total,
            col("posts", "id", "int", true),
            col("posts", "author", "bigint unsigned", false),
            col("tags", "id", "int", false),
        ],
        pks: vec![PrimaryKey {
            table: "users".into(),
            name: "PRIMARY".into(),
            columns: vec!["id".into()],
        }],
        ..MysqlDdl::default()
    }
}

fn codes(sql: &[&str]) -> Vec<&'static str> {
    let statements: Vec<String> = sql.iter().map(|s| s.to_string()).collect();
    hazards(&statements, &prev())
        .into_iter()
        .map(|h| h.code)
        .collect()
}

const NEW_TABLE: &str = "CREATE TABLE `fresh` (\n\t`id` int NOT NULL,\n\t`label` varchar(20)\n);\n";

/// Each case: code, statements that must raise it, statements that must raise nothing.
fn cases() -> Vec<(&'static str, Vec<&'static str>, Vec<&'static str>)> {
    vec![
        (
            "drop-table",
            vec!["DROP TABLE `tags`;"],
            vec![NEW_TABLE, "DROP TABLE `fresh`;"],
        ),
        (
            "drop-column",
            vec!["ALTER TABLE `users` DROP COLUMN `name`;"],
            // A generated column holds nothing of its own.
            vec!["ALTER TABLE `users` DROP COLUMN `total`;"],
        ),
        (
            "truncate",
            vec!["TRUNCATE TABLE `tags`;"],
            vec!["DELETE FROM `tags` WHERE `id` = 1;"],
        ),
        (
            "type-narrowing",
            vec!["ALTER TABLE `users` MODIFY COLUMN `name` varchar(10);"],
            // 20 → 40 characters keeps a one-byte length prefix: metadata only.
            vec!["ALTER TABLE `users` MODIFY COLUMN `name` varchar(40);"],
        ),
        (
            "enum-value-removed",
            vec!["ALTER TABLE `users` MODIFY COLUMN `status` enum('a','b') NOT NULL;"],
            // Appended at the end: every stored value keeps its index.
            vec!["ALTER TABLE `users` MODIFY COLUMN `status` enum('a','b','c','d') NOT NULL;"],
        ),
        (
            "table-copy",
            vec!["ALTER TABLE `users` MODIFY COLUMN `age` bigint;"],
            // Only the default changes: metadata only.
            vec!["ALTER TABLE `users` MODIFY COLUMN `age` int DEFAULT 0;"],
        ),
        (
            "table-rebuild",
            vec!["ALTER TABLE `users` MODIFY COLUMN `email` varchar(255);"],
            vec!["ALTER TABLE `users` MODIFY COLUMN `email` varchar(255) DEFAULT 'x' NOT NULL;"],
        ),
        (
            "modify-not-null",
            vec!["ALTER TABLE `users` MODIFY COLUMN `age` int NOT NULL;"],
            vec![NEW_TABLE, "ALTER TABLE `fresh` MODIFY COLUMN `label` varchar(20) NOT NULL;"],
        ),
        (
            "primary-key-change",
            vec!["ALTER TABLE `tags` ADD PRIMARY KEY (`id`);"],
            vec![NEW_TABLE, "ALTER TABLE `fresh` ADD PRIMARY KEY (`id`);"],
        ),
        (
            "unique-index",
            vec!["CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);"],
            // A plain index is built in place while reads and writes go on.
            vec!["CREATE INDEX `users_email_idx` ON `users` (`email`);"],
        ),
        (
            "fk-copies-table",
            vec!["ALTER TABLE `posts` ADD CONSTRAINT `posts_author_fk` FOREIGN KEY (`author`) REFERENCES `users`(`id`);"],
            // Asked to run in place, the server refuses rather than copies.
            vec!["ALTER TABLE `posts` ADD CONSTRAINT `posts_author_fk` FOREIGN KEY (`author`) REFERENCES `users`(`id`), ALGORITHM=INPLACE, LOCK=NONE;"],
        ),
        (
            "check-copies-table",
            vec!["ALTER TABLE `users` ADD CONSTRAINT `age_ok` CHECK (`age` > 0);"],
            vec![NEW_TABLE, "ALTER TABLE `fresh` ADD CONSTRAINT `id_ok` CHECK (`id` > 0);"],
        ),
        (
            "rename-column",
            vec!["ALTER TABLE `users` RENAME COLUMN `name` TO `full_name`;"],
            vec![NEW_TABLE, "ALTER TABLE `fresh` RENAME COLUMN `label` TO `title`;"],
        ),
        (
            "rename-table",
            vec!["RENAME TABLE `users` TO `people`;"],
            vec![NEW_TABLE, "RENAME TABLE `fresh` TO `final`;"],
        ),
        (
            "non-atomic-ddl",
            vec![
                "CREATE INDEX `users_email_idx` ON `users` (`email`);",
                "CREATE INDEX `users_name_idx` ON `users` (`name`);",
            ],
            // Only new tables: a failure leaves nothing of the old schema changed.
            vec![NEW_TABLE, "CREATE INDEX `fresh_label_idx` ON `fresh` (`label`);"],
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
fn a_migration_of_several_statements_is_flagged_once_after_the_others() {
    let found = hazards(
        &[
            "ALTER TABLE `users` DROP COLUMN `name`;".to_string(),
            "ALTER TABLE `users` MODIFY COLUMN `age` int NOT NULL;".to_string(),
            "DROP TABLE `tags`;".to_string(),
        ],
        &prev(),
    );
    let summary: Vec<(&str, usize)> = found.iter().map(|h| (h.code, h.statement)).collect();
    assert_eq!(
        summary,
        vec![
            ("drop-column", 0),
            ("modify-not-null", 1),
            ("drop-table", 2),
            ("non-atomic-ddl", 1)
        ]
    );
    let h = found.last().expect("raised");
    assert_eq!((h.severity, h.class), (Severity::Info, Class::NonAtomic));
    assert!(
        h.why.contains("the statement before it stays applied"),
        "{}",
        h.why
    );
}

#[test]
fn change_column_is_a_rename_and_a_modify() {
    let got = codes(&["ALTER TABLE `users` CHANGE `name` `full_name` varchar(10);"]);
    assert_eq!(got, vec!["rename-column", "type-narrowing"]);
    // The column is known under its new name afterwards.
    let got = codes(&[
        "ALTER TABLE `users` RENAME COLUMN `age` TO `years`;",
        "ALTER TABLE `users` MODIFY COLUMN `years` tinyint;",
    ]);
    assert!(got.contains(&"type-narrowing"), "{got:?}");
}

#[test]
fn primary_keys_replaced_in_one_statement_or_dropped_alone() {
    let found = hazards(
        &["ALTER TABLE `users` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`,`email`);".to_string()],
        &prev(),
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].why.contains("rebuilds"), "{}", found[0].why);
    let found = hazards(
        &["ALTER TABLE `users` DROP PRIMARY KEY;".to_string()],
        &prev(),
    );
    assert!(found[0].why.contains("ALGORITHM=COPY"), "{}", found[0].why);
}

/// The MySQL wing's own diff and printer: what `generate` writes is what the rules read.
#[test]
fn plans_printed_by_the_mysql_wing() {
    let state = |tables: &str| {
        interim::build(
            &interim::parse(&format!("{{\"tables\":{tables}}}"))
                .unwrap_or_else(|e| panic!("{e:?}")),
        )
        .unwrap_or_else(|e| panic!("{e:?}"))
    };
    let before = state(
        r#"[{"name":"t","columns":[{"name":"id","sqlType":"int","notNull":true},{"name":"code","sqlType":"varchar(40)"},{"name":"n","sqlType":"bigint"},{"name":"gone","sqlType":"text"}]},{"name":"old","columns":[{"name":"id","sqlType":"int"}]}]"#,
    );
    let after = state(
        r#"[{"name":"t","columns":[{"name":"id","sqlType":"int","notNull":true},{"name":"code","sqlType":"varchar(40)","notNull":true},{"name":"n","sqlType":"int"}],"indexes":[{"name":"t_code_unique","columns":[{"value":"code","isExpression":false}],"unique":true}]}]"#,
    );
    let plan = crate::diff::mysql::diff(&before, &after, &[], Mode::Generate).expect("diff");
    assert!(plan.unresolved.is_empty(), "{:?}", plan.unresolved);
    let sql = crate::sql::mysql::to_sql(&plan.statements);
    let mut got: Vec<String> = hazards(&sql, &before)
        .into_iter()
        .map(|h| format!("{} {}", h.code, h.entity))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            "drop-column t.gone",
            "drop-table old",
            "modify-not-null t.code",
            "non-atomic-ddl t",
            "type-narrowing t.n",
            "unique-index t",
        ],
        "{sql:#?}"
    );
}

#[test]
fn lint_reads_files_with_breakpoints_comments_and_allow_lines() {
    let text = "# archived\n-- sleet:allow drop-table archived in v3\nDROP TABLE `tags`;--> statement-breakpoint\n/* the rename */ ALTER TABLE `users` RENAME COLUMN `name` TO `full_name`;";
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
            ("drop-table", true, Some(3)),
            ("rename-column", false, Some(4)),
            ("non-atomic-ddl", false, Some(4)),
        ]
    );
}

#[test]
fn without_a_snapshot_a_modify_is_a_possible_copy() {
    let text = "ALTER TABLE `users` MODIFY COLUMN `age` bigint;";
    let (found, _) = analyse_file("x.sql", text, None).unwrap();
    let codes: Vec<&str> = found.iter().map(|h| h.code).collect();
    assert_eq!(codes, vec!["table-copy"]);
    assert!(found[0].why.contains("no snapshot"), "{}", found[0].why);
}
