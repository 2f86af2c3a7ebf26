//! Migration folders: reading, statement splitting, hashing, the pending set and lock SQL.
pub mod bookkeeping;
pub mod down;
pub mod folder;
pub mod naming;
pub mod plan;
