//! MySQL snapshots, format version 6 (rc.5): every `snapshot.json` holds the whole state as a flat
//! `ddl` list; rc.5 records no renames for MySQL (`renames` is always empty). `legacy` converts
//! drizzle-kit 0.31's format (`up`).

pub mod legacy;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::mysql::{Mysql, MysqlDdl};
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
}

impl crate::snapshot::Snapshots for Mysql {
    type History = FlatHistory<MysqlDdl>;
    type Footprint = ();
    fn read_folder(
        folder: &Folder,
        fix_conflicts: bool,
    ) -> std::result::Result<(Self::History, Option<ConflictFix>), CheckError> {
        if fix_conflicts {
            return Err(CheckError::new(
                "unsupported",
                "--fix-conflicts is not supported for mysql yet",
                Default::default(),
            ));
        }
        Ok((flat::read::<Mysql>(folder)?, None))
    }
    fn write_base(id: &str, state: &MysqlDdl, _footprints: &[()]) -> Result<String> {
        flat::write::<Mysql>(id, &[flat::NIL_ID.to_string()], state.to_ddl_json()?)
    }
    fn write_diff(
        id: &str,
        prev_ids: &[String],
        _prev: &MysqlDdl,
        cur: &MysqlDdl,
        _renames: &[Rename],
        _footprints: &[()],
    ) -> Result<String> {
        if prev_ids.is_empty() {
            return Err(Error::internal(
                "a MySQL snapshot needs at least one parent id",
            ));
        }
        flat::write::<Mysql>(id, prev_ids, cur.to_ddl_json()?)
    }
}
