//! The route table of a built [`Router`]: every path template with the methods it answers.
//!
//! Axum offers no way to list a router's routes, and a hand-kept list forgets the newest one, so
//! the table is read from the router itself, through its `Debug` output, which names every path
//! and, per path, the methods its `Allow` header would list. That output is not a stable
//! interface: whatever this reader does not recognise panics, naming what it found, so an axum
//! upgrade that changes it fails the tenancy walk loudly instead of walking fewer routes.

use std::collections::BTreeMap;

use axum::Router;

/// One route as axum matches it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// As axum spells it: `/districts/{district}/plans/{plan}`.
    pub template: String,
    /// The methods it answers, as its `Allow` header lists them (`HEAD` comes with `GET`).
    /// Empty for a whole service mounted at the path (the static files), which answers any.
    pub methods: Vec<String>,
}

impl Route {
    pub fn allows(&self, method: &str) -> bool {
        self.methods.iter().any(|m| m == method)
    }
}

/// Every route of `router`, sorted by template. The fallback is not a route.
pub fn table<S>(router: &Router<S>) -> Vec<Route> {
    let text = format!("{router:?}");
    let main = text
        .split_once(", fallback_router: ")
        .map(|(main, _)| main)
        .unwrap_or_else(|| unreadable("no fallback_router after the routes", &text));
    let (endpoints, paths) = main
        .split_once("node: Node { paths: {")
        .unwrap_or_else(|| unreadable("no node paths", &text));
    let methods = endpoint_methods(endpoints, &text);
    let mut routes: Vec<Route> = entries(paths)
        .map(|(id, rest)| {
            let template = rest
                .strip_prefix('"')
                .and_then(|rest| rest.split_once('"'))
                .map(|(template, _)| template.to_string())
                .unwrap_or_else(|| unreadable("a path that is not a string", rest));
            let methods = methods
                .get(id)
                .cloned()
                .unwrap_or_else(|| unreadable("a path with no endpoint", &template));
            Route { template, methods }
        })
        .collect();
    assert_eq!(
        routes.len(),
        methods.len(),
        "every endpoint of the router has a path"
    );
    routes.sort();
    routes
}

/// The methods of each endpoint, by route id.
fn endpoint_methods<'a>(endpoints: &'a str, whole: &str) -> BTreeMap<&'a str, Vec<String>> {
    entries(endpoints)
        .map(|(id, rest)| {
            let methods = if rest.starts_with("MethodRouter(") {
                let allow = rest
                    .split_once("allow_header: Bytes(b\"")
                    .and_then(|(_, allow)| allow.split_once('"'))
                    .map(|(allow, _)| allow)
                    .unwrap_or_else(|| unreadable("a method router without its methods", rest));
                allow.split(',').map(str::to_string).collect()
            } else if rest.starts_with("Route(") {
                Vec::new()
            } else {
                unreadable("an endpoint of an unknown kind", whole)
            };
            (id, methods)
        })
        .collect()
}

/// The `RouteId(N): …` entries of a map in the output: each id with the text up to the next.
fn entries(map: &str) -> impl Iterator<Item = (&str, &str)> {
    map.split("RouteId(").skip(1).map(|entry| {
        entry
            .split_once("): ")
            .unwrap_or_else(|| unreadable("a route id without its value", entry))
    })
}

fn unreadable(what: &str, near: &str) -> ! {
    panic!("cannot read axum's route table ({what}); did axum change its Debug output? {near}")
}

#[cfg(test)]
mod tests {
    use axum::routing::{get, post};

    use super::*;

    async fn page() {}

    #[test]
    fn lists_every_route_with_its_methods_through_merges_nests_and_layers() {
        let inner = Router::new()
            .route("/a/{id}", get(page).post(page))
            .route("/b", post(page));
        let router: Router = Router::new()
            .route("/healthz", get(page))
            .nest_service("/static", tower_http::services::ServeDir::new("."))
            .merge(inner)
            .fallback(page)
            .layer(tower_http::catch_panic::CatchPanicLayer::new());
        let routes = table(&router);
        let listed: Vec<(&str, String)> = routes
            .iter()
            .filter(|r| !r.template.starts_with("/static"))
            .map(|r| (r.template.as_str(), r.methods.join(",")))
            .collect();
        assert_eq!(
            listed,
            [
                ("/a/{id}", "GET,HEAD,POST".to_string()),
                ("/b", "POST".to_string()),
                ("/healthz", "GET,HEAD".to_string()),
            ]
        );
        assert!(routes.iter().any(|r| r.template == "/static"));
        assert!(routes[0].allows("POST") && !routes[1].allows("GET"));
    }
}
