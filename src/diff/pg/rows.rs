//! How Postgres rows take part in the row diff: the hint tuple and the table scope of each kind.

pub use crate::diff::rows::{altered_rows, changed_fields, diff_rows, Alter, DiffRow, KindDiff};
use crate::model::pg::{
    Check, Column, Entity, Enum, ForeignKey, Index, Policy, PrimaryKey, Privilege, Role, Schema,
    Sequence, Table, Unique, View,
};

macro_rules! top_level {
    ($ty:ty, |$s:ident| $id:expr) => {
        impl DiffRow for $ty {
            fn hint_id(&self) -> Vec<String> {
                let $s = self;
                $id
            }
            fn scope(&self) -> (&str, &str) {
                ("", "")
            }
        }
    };
}

macro_rules! table_scoped {
    ($ty:ty) => {
        impl DiffRow for $ty {
            fn hint_id(&self) -> Vec<String> {
                vec![self.schema.clone(), self.table.clone(), self.name.clone()]
            }
            fn scope(&self) -> (&str, &str) {
                (&self.schema, &self.table)
            }
        }
    };
}

top_level!(Schema, |s| vec![s.name.clone()]);
top_level!(Role, |s| vec![s.name.clone()]);
top_level!(Table, |s| vec![s.schema.clone(), s.name.clone()]);
top_level!(Enum, |s| vec![s.schema.clone(), s.name.clone()]);
top_level!(Sequence, |s| vec![s.schema.clone(), s.name.clone()]);
top_level!(View, |s| vec![s.schema.clone(), s.name.clone()]);
table_scoped!(Column);
table_scoped!(Index);
table_scoped!(ForeignKey);
table_scoped!(PrimaryKey);
table_scoped!(Unique);
table_scoped!(Check);
table_scoped!(Policy);

impl DiffRow for Privilege {
    fn hint_id(&self) -> Vec<String> {
        self.identity().iter().map(|s| s.to_string()).collect()
    }
    fn scope(&self) -> (&str, &str) {
        (&self.schema, &self.table)
    }
}
