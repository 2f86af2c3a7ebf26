//! The SQLite wing of the snapshot layer.
pub mod legacy;
