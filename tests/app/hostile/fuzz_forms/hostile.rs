//! Hostile field values, and whole hostile posts: every field of a form missing, once or
//! repeated, each time with something a careless or malicious sender might put there.

use proptest::prelude::*;

/// One field's value.
pub fn value() -> BoxedStrategy<String> {
    let text = prop::collection::vec(any::<char>(), 0..60).prop_map(String::from_iter);
    let controls = prop::collection::vec(0u32..32, 1..8).prop_map(|codes| {
        let mut s = String::from("a");
        s.extend(codes.into_iter().filter_map(char::from_u32));
        s.push('b');
        s
    });
    let fixed = prop::sample::select(vec![
        "",
        "   ",
        "a\0b",
        "\0",
        "line\r\nbreak",
        "\u{202E}evil\u{202C}",
        "\u{FEFF}bom",
        "e\u{301}\u{301}\u{301}",
        "🏫📈",
        "'; DROP TABLE plans; --",
        "' OR '1'='1",
        "$1",
        "%s%n%x",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "{{ 7*7 }}",
        "../../etc/passwd",
        "javascript:alert(1)",
        "//evil.example/",
        "-1",
        "0",
        "-2147483649",
        "2147483648",
        "99999999999999999999999999",
        "-9223372036854775809",
        "1e308",
        "NaN",
        "-0.000001",
        "2026-02-30",
        "2026-13-01",
        "0000-00-00",
        "9999-12-31",
        "-2026-01-01",
        "1900-01-01",
        "2026-1-1",
        "tomorrow",
        "00000000-0000-0000-0000-000000000000",
        "not-a-uuid",
        "fully_embedded_plus",
        "problematic\0",
        "reached_high ",
        "5",
        "up\0",
        "sideways",
        "on",
        "true",
    ])
    .prop_map(str::to_string);
    let long = prop_oneof![
        Just("x".repeat(70_000)),
        Just("é".repeat(20_000)),
        Just("\0".repeat(1_000)),
    ];
    let number = any::<i64>().prop_map(|n| n.to_string());
    prop_oneof![4 => fixed, 2 => text, 2 => controls, 1 => number, 1 => long].boxed()
}

/// How one field is sent.
#[derive(Debug, Clone)]
pub enum Sent {
    Missing,
    /// The page's own value (a hidden version or token, say).
    AsGiven,
    Once(String),
    Twice(String, String),
}

pub fn sent() -> impl Strategy<Value = Sent> {
    prop_oneof![
        1 => Just(Sent::Missing),
        1 => Just(Sent::AsGiven),
        5 => value().prop_map(Sent::Once),
        1 => (value(), value()).prop_map(|(a, b)| Sent::Twice(a, b)),
    ]
}

/// A post to a form with `fields`: usually every field once with a hostile value (what reaches
/// the form's checks), otherwise fields also missing or repeated (what reaches the parser); and
/// maybe one field the form does not have.
/// The page's own bookkeeping (`kept`: the version a form was opened at, its one-time token,
/// the ids it lists) is mostly sent as given, so that the values beside it reach the form's checks.
pub fn post(
    fields: &[(String, String)],
    kept: &[String],
) -> impl Strategy<Value = (Vec<Sent>, Option<(String, String)>)> + use<> {
    let complete: Vec<BoxedStrategy<Sent>> = fields
        .iter()
        .map(|(name, _)| {
            if kept.contains(name) {
                prop_oneof![4 => Just(Sent::AsGiven), 1 => sent()].boxed()
            } else {
                value().prop_map(Sent::Once).boxed()
            }
        })
        .collect();
    let mixed = prop::collection::vec(sent(), fields.len());
    (
        prop_oneof![3 => complete, 2 => mixed],
        prop::option::weighted(0.2, (value(), value())),
    )
}

/// The pairs a browser would send.
pub fn pairs(
    fields: &[(String, String)],
    sent: &[Sent],
    extra: &Option<(String, String)>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for ((name, given), how) in fields.iter().zip(sent) {
        match how {
            Sent::Missing => {}
            Sent::AsGiven => out.push((name.clone(), given.clone())),
            Sent::Once(v) => out.push((name.clone(), v.clone())),
            Sent::Twice(a, b) => {
                out.push((name.clone(), a.clone()));
                out.push((name.clone(), b.clone()));
            }
        }
    }
    if let Some((name, v)) = extra {
        out.push((name.clone(), v.clone()));
    }
    out
}
