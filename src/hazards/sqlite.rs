//! SQLite has no hazard rules yet: its plans get no hazards and no `--safe` forms, and `down.sql`
//! is the plan back as the diff prints it.

impl crate::hazards::Safety for crate::model::sqlite::Sqlite {}
