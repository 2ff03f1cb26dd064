//! Reading what the app answered as a browser would: where a redirect points, a form field's
//! value, one part of a page, text with its HTML escapes undone.

/// Where a redirect points, without the host.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

/// The value of `<input name="NAME" … value="…">` in a page, as a browser would submit it.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let start = html.find(&marker)?;
    let tag_start = html[..start].rfind('<')?;
    let tag_end = start + html[start..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value_at = tag.find("value=\"")? + 7;
    let value_end = value_at + tag[value_at..].find('"')?;
    Some(unescape(&tag[value_at..value_end]))
}

/// The part of `page` from `start` to the next `end` (or to the page's end): one row, block or
/// tag of a page, so an assertion reads only what belongs to it.
pub fn section<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("{start} not on the page"));
    let rest = &page[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

pub fn unescape(text: &str) -> String {
    text.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

/// The id in `/people/<uuid>` of a redirect.
pub fn id_from_location(location: &str) -> String {
    location.rsplit('/').next().unwrap().to_string()
}
