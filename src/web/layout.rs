//! The data every page's frame needs: who is signed in, what they may open, and a flash message.

use crate::access::{Permission, can_globally};
use crate::auth::CurrentUser;
use crate::web::flash;

#[derive(Debug, Clone)]
pub struct NavLink {
    pub href: &'static str,
    pub label: String,
    pub current: bool,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    /// The signed-in person's name; `None` on the sign-in and error pages.
    pub user_name: Option<String>,
    pub nav: Vec<NavLink>,
    pub flash: Option<String>,
}

impl Layout {
    /// The frame for a signed-in person: the navigation lists only what their roles allow.
    pub async fn new(user: &CurrentUser, title: impl Into<String>, section: &str) -> Self {
        let mut nav = vec![NavLink {
            href: "/",
            label: "Home".into(),
            current: section == "home",
        }];
        if can_globally(user, Permission::ViewAllDistricts) {
            nav.push(NavLink {
                href: "/dashboard",
                label: "Dashboard".into(),
                current: section == "dashboard",
            });
            nav.push(NavLink {
                href: "/districts",
                label: "Districts".into(),
                current: section == "districts",
            });
        }
        if can_globally(user, Permission::ManagePeople) {
            nav.push(NavLink {
                href: "/people",
                label: "People".into(),
                current: section == "people",
            });
        }
        nav.push(NavLink {
            href: "/notifications",
            label: notifications_label(user.user.unread_notifications),
            current: section == "notifications",
        });
        Self {
            title: title.into(),
            user_name: Some(user.user.name.clone()),
            nav,
            flash: flash::take(&user.session).await,
        }
    }

    pub fn anonymous(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            user_name: None,
            nav: Vec::new(),
            flash: None,
        }
    }
}

/// "Notifications (3)": the count is in the words, not only a badge colour.
pub fn notifications_label(unread: i64) -> String {
    format!("Notifications ({unread})")
}
