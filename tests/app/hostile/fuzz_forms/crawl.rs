//! Finds the app's forms the way a person does: open every page (with Randolph's real ids) as
//! each kind of person, and read each `<form method="post">` on it: where it posts, whether it
//! carries files, and the names of its fields with the values the page fills in.

use std::collections::BTreeMap;

use crate::support::Client;
use crate::support::Route;
use crate::tenancy::isolation_matrix::cases::Ids;

#[derive(Debug, Clone)]
pub struct Form {
    /// Who was offered it.
    pub who: &'static str,
    /// Where it posts, as the page says.
    pub action: String,
    pub multipart: bool,
    /// Field names in page order, each with the value the page gave it.
    pub fields: Vec<(String, String)>,
    /// Fields the page fills in itself (hidden inputs, checkboxes' ids).
    pub kept: Vec<String>,
}

/// Every POST route's first form found, by route template.
pub async fn forms(
    people: &[(&'static str, Client)],
    routes: &[Route],
    ids: &Ids,
) -> BTreeMap<String, Form> {
    let mut found: BTreeMap<String, Form> = BTreeMap::new();
    for (who, client) in people {
        for route in routes.iter().filter(|r| r.allows("GET")) {
            let mut urls = fill(&route.template, ids);
            if route.template.ends_with("/new") {
                // New-item forms read what they go under from the query.
                let with_query: Vec<String> = urls
                    .iter()
                    .map(|u| format!("{u}?{}", ids.query()))
                    .collect();
                urls.extend(with_query);
            }
            for url in urls {
                let (status, html) = client.get_text(&url).await;
                if status != 200 {
                    continue;
                }
                for form in in_page(&html, &url, who) {
                    let path = form.action.split('?').next().unwrap_or_default();
                    let Some(target) = routes
                        .iter()
                        .find(|r| r.allows("POST") && matches(&r.template, path))
                    else {
                        continue;
                    };
                    found.entry(target.template.clone()).or_insert(form);
                }
            }
        }
    }
    found
}

/// The template with Randolph's records, once from each of its two sets.
pub fn fill(template: &str, ids: &Ids) -> Vec<String> {
    let mut urls = Vec::new();
    for records in [&ids.published, &ids.draft] {
        let mut url = template.to_string();
        for (param, kind) in super::cases::kinds(template).unwrap() {
            let value = if kind == "districts" {
                "randolph"
            } else {
                records[kind].as_str()
            };
            url = url.replace(&param, value);
        }
        if !urls.contains(&url) {
            urls.push(url);
        }
    }
    urls
}

pub fn matches(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| t == p || (t.starts_with('{') && !p.is_empty()))
}

fn in_page(html: &str, page: &str, who: &'static str) -> Vec<Form> {
    let mut forms = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let tag_end = start + rest[start..].find('>').unwrap_or(0);
        let tag = &rest[start..tag_end];
        let body_end = tag_end + rest[tag_end..].find("</form>").unwrap_or(0);
        let body = &rest[tag_end..body_end];
        rest = &rest[body_end.max(tag_end + 1)..];
        if !attribute(tag, "method").is_some_and(|m| m.eq_ignore_ascii_case("post")) {
            continue;
        }
        let action = attribute(tag, "action")
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| page.to_string());
        let multipart = attribute(tag, "enctype").is_some_and(|e| e.contains("multipart"));
        let mut fields: Vec<(String, String)> = Vec::new();
        let mut kept = Vec::new();
        let mut inner = body;
        while let Some(at) = inner.find('<') {
            let end = at + inner[at..].find('>').unwrap_or(0);
            let field = &inner[at..end];
            inner = &inner[end.max(at + 1)..];
            if !["<input", "<select", "<textarea", "<button"]
                .iter()
                .any(|t| field.starts_with(t))
            {
                continue;
            }
            if let Some(name) = attribute(field, "name")
                && !fields.iter().any(|(n, _)| *n == name)
            {
                let kind = attribute(field, "type").unwrap_or_default();
                if kind == "hidden" || kind == "checkbox" {
                    kept.push(name.clone());
                }
                fields.push((name, attribute(field, "value").unwrap_or_default()));
            }
        }
        forms.push(Form {
            who,
            action: super::support::unescape(&action),
            multipart,
            fields,
            kept,
        });
    }
    forms
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let at = tag.find(&marker)? + marker.len();
    let end = at + tag[at..].find('"')?;
    Some(super::support::unescape(&tag[at..end]))
}
