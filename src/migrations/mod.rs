//! Migration folders: reading, statement splitting, hashing, the pending set and lock SQL.
pub mod naming;
