//! Catalog rows in, model out (push and pull).
pub mod pg;
