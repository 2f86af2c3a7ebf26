//! MySQL snapshots, format version 6 (rc.5): every `snapshot.json` holds the whole state as a flat
//! `ddl` list; rc.5 records no renames for MySQL (`renames` is always empty). `legacy` converts
//! drizzle-kit 0.31's format (`up`).

pub mod legacy;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::mysql::{Mysql, MysqlDdl};
use crate::model::Entity;
use crate::snapshot::flat::{self, FlatFormat, FlatHistory};
use crate::snapshot::folder::{CheckError, ConflictFix, Folder};
use crate::snapshot::Rename;

pub const FORMAT_VERSION: &str = "6";

impl FlatFormat for Mysql {
    type Ddl = MysqlDdl;
    const VERSION: &'static str = FORMAT_VERSION;
    const DIALECT: &'static str = "mysql";
    fn rows(ddl: &[Value], path: &str) -> Result<MysqlDdl> {
        MysqlDdl::from_ddl_json(ddl, path)
    }
    fn entities(ddl: &MysqlDdl) -> Vec<(String, Vec<String>, String)> {
        fn key<E: Entity>(e: &E) -> String {
            format!("{}\0{}", E::KIND, e.identity().join("\0"))
        }
        let table = |t: &str| format!("tables\0{t}");
        let mut out = Vec::new();
        let mut push = |k: String, tables: Vec<String>, row: serde_json::Result<String>| {
            out.push((k, tables, row.unwrap_or_default()));
        };
        for e in &ddl.tables {
            push(key(e), vec![], serde_json::to_string(e));
        }
        for e in &ddl.columns {
            push(key(e), vec![table(&e.table)], serde_json::to_string(e));
        }
        for e in &ddl.pks {
            push(key(e), vec![table(&e.table)], serde_json::to_string(e));
        }
        // A foreign key lives in its table and reads its parent's.
        for e in &ddl.fks {
            let tables = vec![table(&e.table), table(&e.table_to)];
            push(key(e), tables, serde_json::to_string(e));
        }
        for e in &ddl.indexes {
            push(key(e), vec![table(&e.table)], serde_json::to_string(e));
        }
        for e in &ddl.checks {
            push(key(e), vec![table(&e.table)], serde_json::to_string(e));
        }
        for e in &ddl.views {
            push(key(e), vec![], serde_json::to_string(e));
        }
        out
    }
}

impl crate::snapshot::Snapshots for Mysql {
    type History = FlatHistory<MysqlDdl>;
    type Footprint = ();
    fn read_folder(
        folder: &Folder,
        fix_conflicts: bool,
    ) -> std::result::Result<(Self::History, Option<ConflictFix>), CheckError> {
        if fix_conflicts {
            return flat::read_fixing::<Mysql>(folder);
        }
        Ok((flat::read::<Mysql>(folder)?, None))
    }
    fn write_base(id: &str, state: &MysqlDdl, _footprints: &[()]) -> Result<crate::snapshot::Text> {
        flat::write::<Mysql>(id, &[flat::NIL_ID.to_string()], state.to_ddl_json()?)
            .map(crate::snapshot::Text::from)
    }
    fn write_diff(
        id: &str,
        prev_ids: &[String],
        _prev: &MysqlDdl,
        cur: &MysqlDdl,
        _renames: &[Rename],
        _footprints: &[()],
    ) -> Result<crate::snapshot::Text> {
        if prev_ids.is_empty() {
            return Err(Error::internal(
                "a MySQL snapshot needs at least one parent id",
            ));
        }
        flat::write::<Mysql>(id, prev_ids, cur.to_ddl_json()?).map(crate::snapshot::Text::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mysql::{Column, Table};
    use crate::snapshot::{History, SnapshotFile, Snapshots};

    fn state(columns: &[(&str, &str, &str)]) -> MysqlDdl {
        let mut tables: Vec<Table> = vec![];
        for (t, _, _) in columns {
            if !tables.iter().any(|x| x.name == *t) {
                tables.push(Table {
                    name: (*t).to_string(),
                });
            }
        }
        MysqlDdl {
            tables,
            columns: columns
                .iter()
                .map(|(t, n, ty)| Column {
                    table: (*t).into(),
                    name: (*n).into(),
                    r#type: (*ty).into(),
                    not_null: false,
                    auto_increment: false,
                    default: None,
                    on_update_now: false,
                    on_update_now_fsp: None,
                    char_set: None,
                    collation: None,
                    generated: None,
                })
                .collect(),
            ..MysqlDdl::default()
        }
    }

    fn file(folder: &str, id: &str, prev: &str, ddl: &MysqlDdl) -> SnapshotFile {
        SnapshotFile {
            folder: folder.into(),
            text: flat::write::<Mysql>(id, &[prev.to_string()], ddl.to_ddl_json().unwrap())
                .unwrap(),
        }
    }

    fn fix(files: &[SnapshotFile]) -> (FlatHistory<MysqlDdl>, Option<ConflictFix>) {
        let folder = Folder {
            out: "drizzle",
            files,
        };
        Mysql::read_folder(&folder, true).unwrap_or_else(|e| panic!("{e:?}"))
    }

    const BASE: &[(&str, &str, &str)] = &[("u", "id", "int"), ("u", "name", "varchar(50)")];

    #[test]
    fn branches_changing_one_column_are_both_deleted_with_what_follows() {
        let base = state(BASE);
        let a = state(&[("u", "id", "int"), ("u", "name", "varchar(100)")]);
        let b = state(&[("u", "id", "int"), ("u", "name", "varchar(20)")]);
        let files = vec![
            file("1_base", "i0", flat::NIL_ID, &base),
            file("2_a", "ia", "i0", &a),
            file("3_b", "ib", "i0", &b),
            file("4_after_a", "ia2", "ia", &a),
        ];
        let (history, fix) = fix(&files);
        let fix = fix.expect("a conflict");
        assert_eq!(fix.folders, vec!["2_a", "3_b", "4_after_a"]);
        assert_eq!(fix.migrations[0], "drizzle/2_a");
        // 4_after_a records its parent's state unchanged: a custom migration, lost with the branch.
        assert_eq!(fix.custom_migrations, vec!["drizzle/4_after_a"]);
        assert_eq!(history.leaf_ids(), vec!["i0".to_string()]);
        assert_eq!(history.leaf_state().unwrap(), base);
    }

    #[test]
    fn a_table_dropped_on_one_side_conflicts_with_a_column_added_to_it_on_the_other() {
        let base = state(BASE);
        let dropped = state(&[]);
        let added = state(&[
            ("u", "id", "int"),
            ("u", "name", "varchar(50)"),
            ("u", "x", "int"),
        ]);
        let files = vec![
            file("1_base", "i0", flat::NIL_ID, &base),
            file("2_a", "ia", "i0", &dropped),
            file("3_b", "ib", "i0", &added),
        ];
        assert!(fix(&files).1.is_some());
    }

    #[test]
    fn branches_touching_different_things_are_kept() {
        let base = state(BASE);
        let mut a = BASE.to_vec();
        a.push(("u", "a", "int"));
        let mut b = BASE.to_vec();
        b.push(("v", "id", "int"));
        let files = vec![
            file("1_base", "i0", flat::NIL_ID, &base),
            file("2_a", "ia", "i0", &state(&a)),
            file("3_b", "ib", "i0", &state(&b)),
        ];
        let (history, fix) = fix(&files);
        assert!(fix.is_none());
        assert_eq!(history.leaf_ids().len(), 2);
    }
}
