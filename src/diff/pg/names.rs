//! Sticky generated names: a constraint or index whose name was generated keeps the name it had,
//! as long as exactly one current row has the same definition. Renaming a table therefore does not
//! rename (or recreate) its `users_email_key`.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use crate::model::pg::PgDdl;

use super::rows::DiffRow;

/// A row's definition without its name: what must match for the name to be inherited.
fn definition<T: Serialize>(row: &T) -> String {
    match serde_json::to_value(row) {
        Ok(Value::Object(mut m)) => {
            m.remove("name");
            m.remove("nameExplicit");
            m.remove("entityType");
            Value::Object(m).to_string()
        }
        _ => String::new(),
    }
}

trait Named: DiffRow {
    fn name_explicit(&self) -> bool;
    fn name_mut(&mut self) -> &mut String;
    fn name_str(&self) -> &str;
}

macro_rules! named {
    ($ty:ty) => {
        impl Named for $ty {
            fn name_explicit(&self) -> bool {
                self.name_explicit
            }
            fn name_mut(&mut self) -> &mut String {
                &mut self.name
            }
            fn name_str(&self) -> &str {
                &self.name
            }
        }
    };
}
named!(crate::model::pg::Unique);
named!(crate::model::pg::ForeignKey);
named!(crate::model::pg::PrimaryKey);
named!(crate::model::pg::Index);

fn preserve<T: Named>(prev: &[T], cur: &mut [T], every_prev_row: bool) {
    let mut by_definition: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, row) in cur.iter().enumerate() {
        if !row.name_explicit() {
            by_definition.entry(definition(row)).or_default().push(i);
        }
    }
    if by_definition.is_empty() {
        return;
    }
    let mut taken: HashSet<String> = cur.iter().map(|r| r.id_key()).collect();
    for left in prev.iter().filter(|r| every_prev_row || !r.name_explicit()) {
        let Some(matches) = by_definition.get(&definition(left)) else {
            continue;
        };
        let [only] = matches.as_slice() else {
            continue;
        };
        let Some(row) = cur.get_mut(*only) else {
            continue;
        };
        let old_name = row.name_mut().clone();
        if old_name == left.name_str() {
            continue;
        }
        let old_key = row.id_key();
        *row.name_mut() = left.name_str().to_string();
        let new_key = row.id_key();
        if taken.contains(&new_key) {
            // Another row already holds that name: keep the generated one rather than collide.
            *row.name_mut() = old_name;
            continue;
        }
        taken.remove(&old_key);
        taken.insert(new_key);
    }
}

/// Inherit generated names of uniques, foreign keys, primary keys and indexes from `prev`.
pub fn inherit_names(prev: &PgDdl, mut cur: PgDdl) -> PgDdl {
    inherit_into(prev, &mut cur, false);
    cur
}

pub(super) fn inherit_into(prev: &PgDdl, cur: &mut PgDdl, every_prev_row: bool) {
    preserve(&prev.uniques, &mut cur.uniques, every_prev_row);
    preserve(&prev.fks, &mut cur.fks, every_prev_row);
    preserve(&prev.pks, &mut cur.pks, every_prev_row);
    preserve(&prev.indexes, &mut cur.indexes, every_prev_row);
}
