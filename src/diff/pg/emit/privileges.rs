//! Privileges: revoked, granted, and re-granted when only their grant option changed.

use crate::diff::pg::rows::altered_rows;
use crate::diff::pg::statement::Statement as S;

use super::context::Ctx;

pub(super) struct Privileges {
    pub revoke: Vec<S>,
    pub grant: Vec<S>,
    pub regrant: Vec<S>,
}

#[inline(never)]
pub(super) fn emit(cx: &Ctx) -> Privileges {
    let privileges = &cx.kinds.privileges;
    Privileges {
        revoke: privileges
            .dropped
            .iter()
            .map(|p| S::RevokePrivilege {
                privilege: p.clone(),
            })
            .collect(),
        grant: privileges
            .created
            .iter()
            .map(|p| S::GrantPrivilege {
                privilege: p.clone(),
            })
            .collect(),
        regrant: altered_rows(&cx.old.privileges, &cx.new.privileges)
            .into_iter()
            .map(|a| S::RegrantPrivilege { privilege: a.right })
            .collect(),
    }
}
