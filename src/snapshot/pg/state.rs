//! A mutable Postgres state keyed by entity identity, and the snapshot deltas applied to it.
//!
//! Rows keep their position when renamed and new rows go to the end of their kind, so a state
//! rebuilt from deltas lists rows in the same order rc.5 lists them (its rows live in insertion-
//! ordered maps). Renames cascade into the rows that name the renamed entity, because rc.5 stores
//! only the rename itself, never the dependants it implies.

use std::collections::HashMap;

use crate::fasthash::FastMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::pg::{
    Check, Column, Entity, Enum, ForeignKey, Index, PgDdl, Policy, PrimaryKey, Privilege, Role,
    Schema, Sequence, Table, Unique, View,
};

/// Why a delta could not be applied; the caller adds the file name.
#[derive(Debug, Clone, PartialEq)]
pub enum DeltaError {
    /// The delta names a row the state does not have.
    Missing(String),
    /// A create or rename would give a key that another, different row already holds.
    Collision(String),
    /// A row or a `set` does not fit the entity's shape.
    Malformed(String),
}

impl DeltaError {
    pub fn describe(&self) -> String {
        match self {
            DeltaError::Missing(key) => format!(
                "a delta changes {}, which the state built from the earlier migrations does not have",
                readable_key(key)
            ),
            DeltaError::Collision(what) => format!(
                "{what}; two migrations gave one name to two different entities"
            ),
            DeltaError::Malformed(what) => what.clone(),
        }
    }
}

/// `columns\0["public","users","id"]` → `columns ["public","users","id"]` for messages.
pub fn readable_key(key: &str) -> String {
    key.replacen('\u{0}', " ", 1)
}

/// Splits a delta key into its kind and identity JSON.
pub fn split_key(key: &str) -> Option<(&str, &str)> {
    key.split_once('\u{0}')
}

/// One change recorded in a diff snapshot.
#[derive(Debug, Clone, PartialEq)]
pub enum Delta {
    Create(Box<Row>),
    Drop {
        key: String,
    },
    /// `alter` and `rename` change a row the same way; a changed identity cascades either way.
    Set {
        rename: bool,
        key: String,
        set: Map<String, Value>,
    },
}

/// Rows of one kind in a stable order, addressable by key.
#[derive(Debug, Clone)]
pub struct Slots<T> {
    rows: Vec<Option<T>>,
    /// Key of each slot, so a mutation can be re-keyed without recomputing the old key.
    keys: Vec<String>,
    index: FastMap<String, usize>,
}

impl<T> Default for Slots<T> {
    fn default() -> Self {
        Slots {
            rows: Vec::new(),
            keys: Vec::new(),
            index: FastMap::default(),
        }
    }
}

impl<T: Entity + Clone + PartialEq + Serialize + DeserializeOwned> Slots<T> {
    fn from_rows(rows: Vec<T>) -> Result<Slots<T>, String> {
        let mut slots = Slots::default();
        for row in rows {
            let key = row.key();
            if slots.index.contains_key(&key) {
                return Err(key);
            }
            slots.push_new(key, row);
        }
        Ok(slots)
    }

    fn push_new(&mut self, key: String, row: T) {
        self.index.insert(key.clone(), self.rows.len());
        self.rows.push(Some(row));
        self.keys.push(key);
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.index
            .get(key)
            .and_then(|&i| self.rows.get(i))
            .and_then(Option::as_ref)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.rows.iter().flatten()
    }

    fn into_vec(self) -> Vec<T> {
        self.rows.into_iter().flatten().collect()
    }

    /// rc.5 accepts a create of an existing key when the rows are equal (two merged branches made
    /// the same entity); a different row under the same key is a collision.
    fn create(&mut self, row: T) -> Result<(), DeltaError> {
        let key = row.key();
        match self.get(&key) {
            None => {
                self.push_new(key, row);
                Ok(())
            }
            Some(existing) if *existing == row => Ok(()),
            Some(_) => Err(DeltaError::Collision(format!(
                "the create delta adds {}, and another row with other values already has this key",
                readable_key(&key)
            ))),
        }
    }

    fn drop_key(&mut self, key: &str) -> bool {
        match self.index.remove(key) {
            Some(i) => {
                if let Some(slot) = self.rows.get_mut(i) {
                    *slot = None;
                }
                true
            }
            None => false,
        }
    }

    /// Applies `set` to the row under `key` (fields the row does not have are ignored, as rc.5
    /// does); returns the row before and after when the identity changed.
    fn set_fields(
        &mut self,
        key: &str,
        set: &Map<String, Value>,
    ) -> Result<Option<(T, T)>, DeltaError> {
        let Some(&i) = self.index.get(key) else {
            return Err(DeltaError::Missing(key.to_string()));
        };
        let Some(Some(row)) = self.rows.get_mut(i) else {
            return Err(DeltaError::Missing(key.to_string()));
        };
        let mut value = serde_json::to_value(&*row)
            .map_err(|e| DeltaError::Malformed(format!("{}: {e}", readable_key(key))))?;
        if let Value::Object(fields) = &mut value {
            for (field, new) in set {
                if let Some(slot) = fields.get_mut(field) {
                    *slot = new.clone();
                }
            }
        }
        let next: T = serde_json::from_value(value).map_err(|e| {
            DeltaError::Malformed(format!(
                "the delta for {} sets a field to a value of the wrong shape: {e}",
                readable_key(key)
            ))
        })?;
        let before = std::mem::replace(row, next.clone());
        if next.key() == key {
            return Ok(None);
        }
        self.rekey(vec![i])?;
        Ok(Some((before, next)))
    }

    /// Mutates every row `change` returns true for, then re-keys the ones whose identity moved.
    fn relocate(&mut self, mut change: impl FnMut(&mut T) -> bool) -> Result<(), DeltaError> {
        let mut moved = Vec::new();
        for (i, slot) in self.rows.iter_mut().enumerate() {
            if let Some(row) = slot {
                if change(row) {
                    moved.push(i);
                }
            }
        }
        self.rekey(moved)
    }

    /// Old keys are all released before new ones are taken, so rows of one cascade never collide
    /// with each other's old keys.
    fn rekey(&mut self, slots: Vec<usize>) -> Result<(), DeltaError> {
        let mut fresh = Vec::with_capacity(slots.len());
        for i in slots {
            let Some(Some(row)) = self.rows.get(i) else {
                continue;
            };
            let new_key = row.key();
            let Some(old_key) = self.keys.get_mut(i) else {
                continue;
            };
            if *old_key == new_key {
                continue;
            }
            self.index.remove(old_key.as_str());
            let old = std::mem::replace(old_key, new_key.clone());
            fresh.push((old, new_key, i));
        }
        for (old, new_key, i) in fresh {
            if self.index.contains_key(&new_key) {
                return Err(DeltaError::Collision(format!(
                    "renaming {} to {} collides with an existing row of that name",
                    readable_key(&old),
                    readable_key(&new_key)
                )));
            }
            self.index.insert(new_key, i);
        }
        Ok(())
    }
}

macro_rules! with_kinds {
    ($m:ident) => {
        $m! {
            (schemas, Schema),
            (tables, Table),
            (enums, Enum),
            (columns, Column),
            (indexes, Index),
            (fks, ForeignKey),
            (pks, PrimaryKey),
            (uniques, Unique),
            (checks, Check),
            (sequences, Sequence),
            (roles, Role),
            (privileges, Privilege),
            (policies, Policy),
            (views, View)
        }
    };
}

macro_rules! define_state {
    ($(($field:ident, $ty:ident)),*) => {
        /// One row of any kind, as a `create` delta carries it.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Row { $($ty($ty)),* }

        impl Row {
            /// Parses a row by its `entityType`.
            pub fn from_value(value: Value) -> Result<Row, String> {
                let kind = value
                    .get("entityType")
                    .and_then(Value::as_str)
                    .ok_or_else(|| "a row has no entityType".to_string())?
                    .to_string();
                match kind.as_str() {
                    $(<$ty as Entity>::KIND => serde_json::from_value(value)
                        .map(Row::$ty)
                        .map_err(|e| format!("a {kind} row is malformed: {e}")),)*
                    other => Err(format!("unknown entityType {other:?}")),
                }
            }

            pub fn key(&self) -> String {
                match self { $(Row::$ty(r) => r.key(),)* }
            }

            pub fn to_value(&self) -> Result<Value, serde_json::Error> {
                match self { $(Row::$ty(r) => serde_json::to_value(r),)* }
            }
        }

        /// Whether `kind` is an entity type of the Postgres model.
        pub fn is_kind(kind: &str) -> bool {
            matches!(kind, $(<$ty as Entity>::KIND)|*)
        }

        /// The schema state as keyed slots, one per kind.
        #[derive(Debug, Clone, Default)]
        pub struct State { $(pub $field: Slots<$ty>,)* }

        impl State {
            /// Fails with the first duplicated key.
            pub fn from_ddl(ddl: PgDdl) -> Result<State, String> {
                Ok(State { $($field: Slots::from_rows(ddl.$field)?,)* })
            }

            pub fn into_ddl(self) -> PgDdl {
                PgDdl { $($field: self.$field.into_vec(),)* ..PgDdl::default() }
            }

            pub fn contains(&self, key: &str) -> bool {
                match split_key(key).map(|(kind, _)| kind) {
                    $(Some(<$ty as Entity>::KIND) => self.$field.contains(key),)*
                    _ => false,
                }
            }

            fn create(&mut self, row: Row) -> Result<(), DeltaError> {
                match row { $(Row::$ty(r) => self.$field.create(r),)* }
            }

            fn drop_key(&mut self, key: &str) -> bool {
                match split_key(key).map(|(kind, _)| kind) {
                    $(Some(<$ty as Entity>::KIND) => self.$field.drop_key(key),)*
                    _ => false,
                }
            }

            // Kinds with dependants come first; the catch-all arms after them repeat those
            // kinds and only serve the rest.
            #[allow(unreachable_patterns)]
            fn set_fields(&mut self, key: &str, set: &Map<String, Value>) -> Result<(), DeltaError> {
                match split_key(key).map(|(kind, _)| kind) {
                    Some(<Schema as Entity>::KIND) => {
                        if let Some((old, new)) = self.schemas.set_fields(key, set)? {
                            self.rename_schema(&old.name, &new.name)?;
                        }
                    }
                    Some(<Table as Entity>::KIND) => {
                        if let Some((old, new)) = self.tables.set_fields(key, set)? {
                            let moves = HashMap::from([(
                                (old.schema, old.name),
                                (new.schema, new.name),
                            )]);
                            self.move_tables(&moves)?;
                        }
                    }
                    Some(<Enum as Entity>::KIND) => {
                        if let Some((old, new)) = self.enums.set_fields(key, set)? {
                            let moves = HashMap::from([(
                                (old.schema, old.name),
                                (new.schema, new.name),
                            )]);
                            self.move_enums(&moves)?;
                        }
                    }
                    Some(<Column as Entity>::KIND) => {
                        if let Some((old, new)) = self.columns.set_fields(key, set)? {
                            self.move_column(&old, &new)?;
                        }
                    }
                    Some(<Role as Entity>::KIND) => {
                        if let Some((old, new)) = self.roles.set_fields(key, set)? {
                            self.rename_role(&old.name, &new.name)?;
                        }
                    }
                    $(Some(<$ty as Entity>::KIND) => {
                        self.$field.set_fields(key, set)?;
                    })*
                    _ => return Err(DeltaError::Malformed(format!(
                        "the delta key {} names no entity type", readable_key(key)))),
                }
                Ok(())
            }
        }
    };
}

with_kinds!(define_state);

type Qualified = (String, String);

/// Old `(schema, name)` → new, looked up by borrowed name so scanning rows allocates nothing.
struct Moves {
    by_name: HashMap<String, Vec<(String, Qualified)>>,
}

impl Moves {
    fn new(moves: &HashMap<Qualified, Qualified>) -> Moves {
        let mut by_name: HashMap<String, Vec<(String, Qualified)>> = HashMap::new();
        for ((schema, name), to) in moves {
            by_name
                .entry(name.clone())
                .or_default()
                .push((schema.clone(), to.clone()));
        }
        Moves { by_name }
    }

    fn get(&self, schema: &str, name: &str) -> Option<&Qualified> {
        self.by_name
            .get(name)?
            .iter()
            .find(|(s, _)| s == schema)
            .map(|(_, to)| to)
    }

    /// Points `schema`/`name` at the new place if it names a moved entity.
    fn follow(&self, schema: &mut String, name: &mut String) -> bool {
        match self.get(schema, name) {
            Some((s, n)) => {
                *schema = s.clone();
                *name = n.clone();
                true
            }
            None => false,
        }
    }
}

/// Enum-typed columns name their enum through `typeSchema` + `type`; built-in types have no
/// `typeSchema` (or `pg_catalog`), and those never follow an enum rename.
fn enum_of(column: &Column) -> Option<(&str, &str)> {
    match column.type_schema.as_deref() {
        Some(s) if !s.is_empty() && s != "pg_catalog" => Some((s, column.sql_type.as_str())),
        _ => None,
    }
}

fn rename_in_list(list: &mut [String], from: &str, to: &str) -> bool {
    let mut changed = false;
    for item in list.iter_mut().filter(|it| *it == from) {
        *item = to.to_string();
        changed = true;
    }
    changed
}

impl State {
    pub fn apply(&mut self, delta: &Delta, strict: bool) -> Result<(), DeltaError> {
        match delta {
            Delta::Create(row) => self.create((**row).clone()),
            Delta::Drop { key } => {
                if self.drop_key(key) || !strict {
                    Ok(())
                } else {
                    Err(DeltaError::Missing(key.clone()))
                }
            }
            Delta::Set { key, set, .. } => match self.set_fields(key, set) {
                Err(DeltaError::Missing(_)) if !strict => Ok(()),
                other => other,
            },
        }
    }

    fn rename_schema(&mut self, from: &str, to: &str) -> Result<(), DeltaError> {
        let mut tables = HashMap::new();
        for t in self.tables.iter().filter(|t| t.schema == from) {
            tables.insert(
                (t.schema.clone(), t.name.clone()),
                (to.to_string(), t.name.clone()),
            );
        }
        let mut enums = HashMap::new();
        for e in self.enums.iter().filter(|e| e.schema == from) {
            enums.insert(
                (e.schema.clone(), e.name.clone()),
                (to.to_string(), e.name.clone()),
            );
        }
        let retarget = |schema: &mut String| {
            if schema == from {
                *schema = to.to_string();
                true
            } else {
                false
            }
        };
        self.tables.relocate(|t| retarget(&mut t.schema))?;
        self.enums.relocate(|e| retarget(&mut e.schema))?;
        self.sequences.relocate(|s| retarget(&mut s.schema))?;
        self.views.relocate(|v| retarget(&mut v.schema))?;
        self.move_tables(&tables)?;
        self.move_enums(&enums)
    }

    /// Everything that lives in or points at a moved table follows it.
    fn move_tables(&mut self, moves: &HashMap<Qualified, Qualified>) -> Result<(), DeltaError> {
        if moves.is_empty() {
            return Ok(());
        }
        let moves = Moves::new(moves);
        self.columns
            .relocate(|r| moves.follow(&mut r.schema, &mut r.table))?;
        self.indexes
            .relocate(|r| moves.follow(&mut r.schema, &mut r.table))?;
        self.fks.relocate(|r| {
            let own = moves.follow(&mut r.schema, &mut r.table);
            let target = moves.follow(&mut r.schema_to, &mut r.table_to);
            own || target
        })?;
        self.pks
            .relocate(|r| moves.follow(&mut r.schema, &mut r.table))?;
        self.uniques
            .relocate(|r| moves.follow(&mut r.schema, &mut r.table))?;
        self.checks
            .relocate(|r| moves.follow(&mut r.schema, &mut r.table))?;
        self.policies
            .relocate(|r| moves.follow(&mut r.schema, &mut r.table))?;
        self.privileges
            .relocate(|r| moves.follow(&mut r.schema, &mut r.table))
    }

    /// Constraints and indexes list their columns by name; a renamed column is renamed in them.
    fn move_column(&mut self, old: &Column, new: &Column) -> Result<(), DeltaError> {
        let same_table = |schema: &str, table: &str| schema == old.schema && table == old.table;
        let retable = |schema: &mut String, table: &mut String| {
            *schema = new.schema.clone();
            *table = new.table.clone();
        };
        self.indexes.relocate(|r| {
            if !same_table(&r.schema, &r.table) {
                return false;
            }
            let mut changed = false;
            for c in r
                .columns
                .iter_mut()
                .filter(|c| !c.is_expression && c.value == old.name)
            {
                c.value = new.name.clone();
                changed = true;
            }
            if changed {
                retable(&mut r.schema, &mut r.table);
            }
            changed
        })?;
        macro_rules! column_list {
            ($slots:expr) => {
                $slots.relocate(|r| {
                    if !same_table(&r.schema, &r.table)
                        || !rename_in_list(&mut r.columns, &old.name, &new.name)
                    {
                        return false;
                    }
                    retable(&mut r.schema, &mut r.table);
                    true
                })?;
            };
        }
        column_list!(self.pks);
        column_list!(self.uniques);
        self.fks.relocate(|r| {
            let mut changed = false;
            if same_table(&r.schema, &r.table)
                && rename_in_list(&mut r.columns, &old.name, &new.name)
            {
                retable(&mut r.schema, &mut r.table);
                changed = true;
            }
            if same_table(&r.schema_to, &r.table_to)
                && rename_in_list(&mut r.columns_to, &old.name, &new.name)
            {
                retable(&mut r.schema_to, &mut r.table_to);
                changed = true;
            }
            changed
        })
    }

    fn move_enums(&mut self, moves: &HashMap<Qualified, Qualified>) -> Result<(), DeltaError> {
        if moves.is_empty() {
            return Ok(());
        }
        let moves = Moves::new(moves);
        self.columns.relocate(|c| {
            let target = enum_of(c).and_then(|(s, n)| moves.get(s, n)).cloned();
            match target {
                Some((s, n)) => {
                    c.type_schema = Some(s);
                    c.sql_type = n;
                    true
                }
                None => false,
            }
        })
    }

    fn rename_role(&mut self, from: &str, to: &str) -> Result<(), DeltaError> {
        self.policies
            .relocate(|p| rename_in_list(&mut p.roles, from, to))?;
        self.privileges.relocate(|p| {
            let mut changed = false;
            for who in [&mut p.grantee, &mut p.grantor] {
                if who == from {
                    *who = to.to_string();
                    changed = true;
                }
            }
            changed
        })
    }
}
