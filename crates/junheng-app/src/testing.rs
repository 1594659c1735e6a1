//! What the unit tests of several operations share.

use junheng_store::{Role, Scope, User};

/// An active user of a role and scope, named `name`, in no particular district.
pub(crate) fn user(name: &str, role: Role, scope: Scope) -> User {
    User {
        id: 1,
        name: name.into(),
        display_name: String::new(),
        role,
        scope,
        district: None,
        active: true,
        pending_by: None,
        created_at: String::new(),
        external: false,
        must_change_password: false,
        locked_until: None,
    }
}
