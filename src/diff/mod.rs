//! Entity diff, rename questions and hints.
pub mod hints;
pub mod pg;
pub mod sqlite;
