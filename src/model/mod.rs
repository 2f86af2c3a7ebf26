//! Entity rows per dialect. Each dialect is its own module of the same shape.
pub mod pg;
pub mod sqlite;
