//! MySQL has no hazard rules yet: `Safety`'s defaults apply (no hazards, no `--safe` forms).

impl super::Safety for crate::model::mysql::Mysql {}
