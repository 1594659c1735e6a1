//! 待办: what waits for the signed-in user. The header of every page shows the count (one grouped
//! query per page, [`junheng_store::Store::inbox`]); `/inbox` lists the items with links:
//! submissions to review and locked login names for administrators, returned submissions for
//! school users; overdue and due-soon tasks of the viewer's scope for everyone who works on
//! tasks (`crate::tasks`: a supervisor or group lead has an inbox while tasks wait for them).
//! (The rotation engine's roster reconciliation is computed on the fly and never stored, so
//! there is no failed reconciliation to wait for anyone.)

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use junheng_store::{Capability, Inbox, Scope, rfc3339};

use crate::access::{Member, Viewer};
use crate::error::AppError;
use crate::state::AppState;
use crate::views::{Layout, render};

/// Whose inbox: an administrator's or a school's, within a district.
fn owner(viewer: &Viewer) -> Option<(bool, Option<&junheng_core::school::SchoolCode>)> {
    viewer.district.as_ref()?;
    let role = viewer.user.role;
    if role.grants(Capability::AdministerDistrict) {
        return Some((true, None));
    }
    match &viewer.user.scope {
        Scope::School(code) if role.grants(Capability::SubmitSchool) => Some((false, Some(code))),
        _ => None,
    }
}

/// The counts for the header of page `path`; `None` for users without an inbox and for requests
/// that are not pages (downloads, the API, the stylesheet).
pub(crate) async fn counts(
    state: &AppState,
    viewer: &Viewer,
    path: &str,
) -> Result<Option<Inbox>, AppError> {
    let not_a_page = [
        "/static/", "/api/", "/healthz", "/metrics", "/lang", "/login", "/logout",
    ]
    .iter()
    .any(|p| path.starts_with(p))
        || [".xlsx", ".json", ".csv"].iter().any(|e| path.ends_with(e));
    if not_a_page {
        return Ok(None);
    }
    let tasks = crate::tasks::waiting(state, viewer).await?;
    let Some((admin, school)) = owner(viewer) else {
        return Ok((tasks > 0).then(|| Inbox {
            tasks,
            ..Inbox::default()
        }));
    };
    let district = viewer.district()?.id;
    let mut inbox = state.store.inbox(district, admin, school).await?;
    inbox.tasks = tasks;
    Ok(Some(inbox))
}

/// One waiting item.
struct Item {
    /// What waits (a catalogue key).
    what: &'static str,
    /// The school, login name or note it concerns (data).
    detail: String,
    /// The school year it concerns (`2024–2025`), empty for none.
    year: String,
    href: String,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    layout: Layout,
    items: Vec<Item>,
}

/// `GET /inbox`.
pub(crate) async fn page(
    State(state): State<AppState>,
    member: Member,
) -> Result<Response, AppError> {
    let mut items = Vec::new();
    if let Some((admin, school)) = owner(&member) {
        let here = state.here(member.district()?);
        let submissions = here.store.submissions(None).await?;
        if admin {
            for s in submissions.iter().filter(|s| s.status == "pending") {
                items.push(Item {
                    what: "inbox-pending-submission",
                    detail: format!("{} {}", s.school_code, s.record.name),
                    year: junheng_core::school::school_year(s.year),
                    href: "/submissions".into(),
                });
            }
            let now = rfc3339(std::time::SystemTime::now());
            for u in state.store.users(Some(here.district.id)).await? {
                if u.locked_until.as_deref().is_some_and(|t| t > now.as_str()) {
                    items.push(Item {
                        what: "inbox-locked-name",
                        detail: u.name.clone(),
                        year: String::new(),
                        href: format!("/users/{}", u.id),
                    });
                }
            }
        }
        if let Some(code) = school {
            // Newest first: a year's returned submission waits until the school submits again.
            let mut seen = Vec::new();
            for s in submissions.iter().filter(|s| s.school_code == *code) {
                if seen.contains(&s.year) {
                    continue;
                }
                seen.push(s.year);
                if s.status == "rejected" {
                    items.push(Item {
                        what: "inbox-returned-submission",
                        detail: s.note.clone(),
                        year: junheng_core::school::school_year(s.year),
                        href: "/submit".into(),
                    });
                }
            }
        }
    }
    for (what, detail, href) in crate::tasks::inbox_items(&state, &member).await? {
        items.push(Item {
            what,
            detail,
            year: String::new(),
            href,
        });
    }
    Ok(render(&InboxPage {
        layout: Layout::new("inbox-inbox", &member),
        items,
    }))
}
