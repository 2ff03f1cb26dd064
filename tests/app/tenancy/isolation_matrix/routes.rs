//! The app's route table, read from its source: every `.route(path, handler)` call under `src/`,
//! with the path worked out from the literals, `let`/`const` strings, closures and function
//! parameters it is built from. Axum's `Router` cannot list its routes, and a hand-kept list
//! forgets the newest one; reading the source cannot. Whatever this reader cannot work out fails
//! the test, so a new way of writing a route is taught here rather than silently skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// As axum spells it: `/districts/{district}/plans/{plan}`.
    pub template: String,
    pub get: bool,
    pub post: bool,
    /// Where it is declared, for failure messages.
    pub at: String,
}

struct Source {
    path: PathBuf,
    text: String,
}

pub fn scan() -> Vec<Route> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    collect(&root, &mut sources);
    let mut routes: BTreeMap<String, Route> = BTreeMap::new();
    for source in &sources {
        refuse_hidden_routers(source);
        let mut from = 0;
        while let Some(found) = source.text[from..].find(".route(") {
            let open = from + found + ".route".len();
            let args = arguments(&source.text, open);
            let line = source.text[..open].lines().count();
            let at = format!("{}:{line}", source.path.display());
            assert_eq!(args.len(), 2, "{at}: a route call with two arguments");
            let declared = match item_prefix(&args[0], source, &sources) {
                Some(prefix) => item_routes(&sources)
                    .into_iter()
                    .map(|(path, handler, at)| (format!("{prefix}{path}"), handler, at))
                    .collect(),
                None => {
                    let template = resolve(&args[0], source, &sources, None)
                        .unwrap_or_else(|| panic!("{at}: cannot work out the path `{}`", args[0]));
                    vec![(template, args[1].clone(), at)]
                }
            };
            for (template, handler, at) in declared {
                let route = routes.entry(template.clone()).or_insert(Route {
                    template,
                    get: false,
                    post: false,
                    at,
                });
                route.get |= calls(&handler, "get");
                route.post |= calls(&handler, "post");
                assert!(route.get || route.post, "{}: only GET and POST", route.at);
            }
            from = open;
        }
    }
    routes.into_values().collect()
}

/// `.route(&format!("{plan}{}", item.path), item.handlers)`: a table of item routes, each
/// declared as `route("/objectives/{id}/edit", Kind::Objective, get(…).post(…))`, put under a
/// prefix. Returns the prefix.
fn item_prefix(expr: &str, source: &Source, all: &[Source]) -> Option<String> {
    let expr = expr.trim().trim_start_matches('&');
    expr.strip_prefix("format!(")?;
    let format = arguments(expr, "format!".len());
    if format.len() != 2 || !format[1].ends_with(".path") {
        return None;
    }
    let template = format[0].strip_prefix('"')?.strip_suffix('"')?;
    let prefix = template.strip_suffix("{}")?;
    Some(
        interpolate(prefix, source, all, None)
            .unwrap_or_else(|| panic!("cannot work out the item routes' prefix `{expr}`")),
    )
}

/// Every `route("literal", kind, handlers)` call (a free function, not a router's method).
fn item_routes(all: &[Source]) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for source in all {
        for (at, _) in source.text.match_indices("route(") {
            let before = source.text[..at].chars().next_back();
            if before.is_some_and(|c| c == '.' || c == '_' || c.is_alphanumeric()) {
                continue;
            }
            let args = arguments(&source.text, at + "route".len());
            if args.len() != 3 || !args[0].starts_with('"') {
                continue;
            }
            let line = source.text[..at].lines().count();
            let path = args[0].trim_matches('"').to_string();
            found.push((
                path,
                args[2].clone(),
                format!("{}:{line}", source.path.display()),
            ));
        }
    }
    assert!(!found.is_empty(), "item routes are declared somewhere");
    found
}

fn collect(dir: &Path, into: &mut Vec<Source>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            into.push(Source { path, text });
        }
    }
}

/// Nested or service routes would not show up as `.route(` calls; the one nest there is serves
/// static files.
fn refuse_hidden_routers(source: &Source) {
    for call in [".nest(", ".nest_service(", ".route_service("] {
        for (at, _) in source.text.match_indices(call) {
            let args = arguments(&source.text, at + call.len() - 1);
            assert!(
                call == ".nest(" && args[0] == "\"/static\"",
                "{}: routes added with {call} are not read by the isolation matrix: teach it",
                source.path.display()
            );
        }
    }
}

fn calls(handler: &str, method: &str) -> bool {
    handler.match_indices(&format!("{method}(")).any(|(at, _)| {
        at == 0 || !handler[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
    })
}

/// The top-level comma-separated arguments of the call whose `(` is at `open`.
fn arguments(text: &str, open: usize) -> Vec<String> {
    assert!(text[open..].starts_with('('), "a call at {open}");
    let mut depth = 0;
    let mut in_string = false;
    let mut args = vec![String::new()];
    let mut chars = text[open + 1..].chars();
    while let Some(c) = chars.next() {
        let arg = args.last_mut().unwrap();
        if in_string {
            arg.push(c);
            if c == '\\' {
                arg.push(chars.next().unwrap());
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        if c == '/' && chars.clone().next() == Some('/') {
            // A comment inside the call: its commas are not the call's.
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                args.push(String::new());
                continue;
            }
            _ => {}
        }
        args.last_mut().unwrap().push(c);
    }
    args.iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .collect()
}

/// The string an expression makes, where `bound` is a closure parameter's value.
fn resolve(
    expr: &str,
    source: &Source,
    all: &[Source],
    bound: Option<(&str, &str)>,
) -> Option<String> {
    let expr = expr.trim().trim_start_matches('&');
    if let Some(literal) = expr.strip_prefix('"') {
        return Some(literal.strip_suffix('"')?.to_string());
    }
    if let Some(rest) = expr.strip_prefix("format!(") {
        let format = arguments(expr, "format!".len());
        assert_eq!(format.len(), 1, "`{rest}`: only inline format arguments");
        let template = format[0].strip_prefix('"')?.strip_suffix('"')?;
        return interpolate(template, source, all, bound);
    }
    if let Some(open) = expr.find('(') {
        // A closure defined in the same file: `let at = |path: &str| format!("{plan}{path}");`
        let name = &expr[..open];
        let arg = resolve(&arguments(expr, open)[0], source, all, bound)?;
        let definition = source.text.find(&format!("let {name} = |"))?;
        let rest = &source.text[definition..];
        let param = rest.split('|').nth(1)?.split(':').next()?.trim();
        let body = rest.split('|').nth(2)?.split(";\n").next()?;
        return resolve(body, source, all, Some((param, &arg)));
    }
    variable(expr, source, all, bound)
}

fn interpolate(
    template: &str,
    source: &Source,
    all: &[Source],
    bound: Option<(&str, &str)>,
) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{{") || rest.starts_with("}}") {
            out.push(c);
            rest = &rest[2..];
        } else if c == '{' {
            let end = rest.find('}')?;
            out.push_str(&variable(&rest[1..end], source, all, bound)?);
            rest = &rest[end + 1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Some(out)
}

/// A `let` or `const` string in this file, a `const` anywhere, or a `&str` parameter of this
/// file's router function, worked out from the call that passes it.
fn variable(
    name: &str,
    source: &Source,
    all: &[Source],
    bound: Option<(&str, &str)>,
) -> Option<String> {
    if let Some((param, value)) = bound
        && param == name
    {
        return Some(value.to_string());
    }
    let name = name.rsplit("::").next()?;
    let string_after = |text: &str, marker: &str| -> Option<String> {
        let at = text.find(marker)? + marker.len();
        let value = text[at..].trim_start().strip_prefix('"')?;
        Some(value[..value.find('"')?].to_string())
    };
    if let Some(value) = string_after(&source.text, &format!("let {name} =")) {
        return Some(value);
    }
    for file in std::iter::once(source).chain(all) {
        if let Some(value) = string_after(&file.text, &format!("const {name}: &str =")) {
            return Some(value);
        }
    }
    // `pub fn routes(plan: &str)`, called as `initiatives::routes(plan)` from another file.
    if source.text.contains(&format!("fn routes({name}: &str)")) {
        let stem = source.path.file_stem()?.to_str()?;
        let module = if stem == "mod" {
            source.path.parent()?.file_name()?.to_str()?
        } else {
            stem
        };
        let call = format!("{module}::routes(");
        let caller = all.iter().find(|f| f.text.contains(&call))?;
        let open = caller.text.find(&call)? + call.len() - 1;
        return resolve(&arguments(&caller.text, open)[0], caller, all, None);
    }
    None
}
