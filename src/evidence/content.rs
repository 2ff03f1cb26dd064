//! What kind of file an upload is, decided by its content. The name someone gave it is only
//! checked for agreement and shown back; it never picks the type and never becomes a path.

/// A kind of file Throughline accepts as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileType {
    /// The type downloads are served with.
    pub mime: &'static str,
    /// "PDF", "Word document": for lists and messages.
    pub label: &'static str,
    /// Name endings that agree with this content.
    extensions: &'static [&'static str],
}

const fn kind(
    mime: &'static str,
    label: &'static str,
    extensions: &'static [&'static str],
) -> FileType {
    FileType {
        mime,
        label,
        extensions,
    }
}

pub const PDF: FileType = kind("application/pdf", "PDF", &["pdf"]);
pub const CSV: FileType = kind("text/csv", "CSV table", &["csv"]);
const ACCEPTED: &[FileType] = &[
    PDF,
    kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
        &["docx"],
    ),
    kind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel workbook",
        &["xlsx"],
    ),
    kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
        &["pptx"],
    ),
    kind("application/msword", "Word document", &["doc"]),
    kind("application/vnd.ms-excel", "Excel workbook", &["xls"]),
    kind(
        "application/vnd.ms-powerpoint",
        "PowerPoint presentation",
        &["ppt"],
    ),
    kind(
        "application/vnd.oasis.opendocument.text",
        "OpenDocument text",
        &["odt"],
    ),
    kind(
        "application/vnd.oasis.opendocument.spreadsheet",
        "OpenDocument spreadsheet",
        &["ods"],
    ),
    kind(
        "application/vnd.oasis.opendocument.presentation",
        "OpenDocument presentation",
        &["odp"],
    ),
    kind("image/png", "PNG image", &["png"]),
    kind("image/jpeg", "JPEG image", &["jpg", "jpeg"]),
    kind("image/gif", "GIF image", &["gif"]),
    kind("image/webp", "WebP image", &["webp"]),
    CSV,
];

/// "PDF", "Excel workbook": the label of a stored type, for lists.
pub fn label_of(mime: &str) -> Option<&'static str> {
    ACCEPTED.iter().find(|t| t.mime == mime).map(|t| t.label)
}

/// For the form's hint and the file picker's `accept`.
pub const ACCEPTED_HINT: &str =
    "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, GIF, WebP or CSV";
pub const ACCEPT_ATTRIBUTE: &str =
    ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp,.csv";

/// The name as it will be shown and offered on download. Browsers send a bare name; one with
/// folders in it was made by hand, so it is refused rather than guessed at.
pub fn clean_file_name(name: &str) -> Result<String, &'static str> {
    let name = name.trim();
    if name.is_empty() {
        return Err("The file has no name. Rename it on your computer and choose it again.");
    }
    if name.contains(['/', '\\']) || name == "." || name.contains("..") {
        return Err(
            "The file name may not contain folders or “..”. Rename the file and choose it again.",
        );
    }
    if name.chars().any(char::is_control) {
        return Err(
            "The file name contains characters that cannot be shown. Rename the file and choose it again.",
        );
    }
    if name.chars().count() > 200 {
        return Err(
            "The file name is longer than 200 characters. Rename the file and choose it again.",
        );
    }
    Ok(name.to_string())
}

fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| !ext.is_empty())
}

/// The file's type, read from its bytes, checked against its name.
pub fn detect(bytes: &[u8], file_name: &str) -> Result<FileType, String> {
    if bytes.is_empty() {
        return Err("The file is empty. Choose the file again, or a different one.".into());
    }
    let found = infer::get(bytes)
        .and_then(|t| ACCEPTED.iter().find(|a| a.mime == t.mime_type()).copied())
        .or_else(|| looks_like_csv(bytes).then_some(CSV));
    let Some(found) = found else {
        return Err(format!(
            "This kind of file cannot be kept as evidence. Upload a {ACCEPTED_HINT} file, or record a link instead."
        ));
    };
    match extension(file_name) {
        Some(ext) if found.extensions.contains(&ext.as_str()) => Ok(found),
        Some(ext) => Err(format!(
            "The file is named “.{ext}” but its content is a {}. Rename it to end in “.{}” and choose it again.",
            found.label, found.extensions[0]
        )),
        None => Err(format!(
            "The file name has no ending. Its content is a {}: rename it to end in “.{}”.",
            found.label, found.extensions[0]
        )),
    }
}

/// CSV has no signature: accept UTF-8 text with no NUL bytes or other binary control
/// characters whose lines carry a separator.
fn looks_like_csv(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}');
    !text.trim().is_empty()
        && !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        && text
            .lines()
            .next()
            .is_some_and(|first| first.contains([',', ';', '\t']) || text.lines().count() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

    #[test]
    fn a_pdf_is_known_by_its_content() {
        assert_eq!(
            detect(b"%PDF-1.7\n%...", "Walkthrough summary.pdf"),
            Ok(PDF)
        );
        assert_eq!(detect(b"%PDF-1.7\n%...", "SCAN.PDF"), Ok(PDF));
    }

    #[test]
    fn stored_types_have_labels() {
        assert_eq!(label_of("application/pdf"), Some("PDF"));
        assert_eq!(label_of("application/x-msdownload"), None);
    }

    #[test]
    fn images_and_csv_are_accepted() {
        assert_eq!(detect(PNG, "chart.png").unwrap().mime, "image/png");
        assert_eq!(
            detect(b"school,grade,percent\nHolmes,3,62\n", "ela.csv"),
            Ok(CSV)
        );
    }

    #[test]
    fn a_renamed_file_is_refused_with_what_it_really_is() {
        let message = detect(b"%PDF-1.4 ...", "minutes.docx").unwrap_err();
        assert!(message.contains("content is a PDF"), "{message}");
        let message = detect(b"MZ\x90\0\x03\0\0\0", "report.pdf").unwrap_err();
        assert!(message.contains("cannot be kept"), "{message}");
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert!(detect(b"", "empty.pdf").unwrap_err().contains("empty"));
        assert!(detect(b"a,b\n\0\0\x01", "data.csv").is_err());
        assert!(detect(b"#!/bin/sh\nrm -rf /\n", "script.sh").is_err());
    }

    #[test]
    fn names_with_folders_are_refused() {
        assert!(clean_file_name("../../etc/passwd").is_err());
        assert!(clean_file_name("..\\..\\boot.ini").is_err());
        assert!(clean_file_name("C:\\Users\\ana\\report.pdf").is_err());
        assert!(clean_file_name("  ").is_err());
        assert!(clean_file_name("bad\u{0}name.pdf").is_err());
        assert_eq!(
            clean_file_name(" Grade 3 ELA – November.pdf ").unwrap(),
            "Grade 3 ELA – November.pdf"
        );
    }
}
