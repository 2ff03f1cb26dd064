//! The district form: what an ESE administrator types, and the rules it must meet.

use serde::Deserialize;

use crate::access::District;
use crate::plans::required::Required;
use crate::web::forms::{FieldErrors, clean_line};

/// Exactly what was typed, kept as text so a rejected form shows it back unchanged.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DistrictForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub accountability_level: String,
    #[serde(default)]
    pub enrollment: String,
    #[serde(default)]
    pub profile: String,
    /// The version the person started editing from; a newer one in the database means someone
    /// else saved in between.
    #[serde(default)]
    pub version: Option<i32>,
}

/// A district that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct DistrictInput {
    pub name: String,
    pub slug: String,
    pub accountability_level: i16,
    pub enrollment: Option<i32>,
    pub profile: String,
}

pub const PROFILE_MAX_CHARS: usize = 2000;

const NAME: Required = Required {
    field: "name",
    max: 120,
    missing: "Enter the district's name.",
    too_long: "Use at most 120 characters for the name.",
};

/// Path segments that name pages rather than districts.
const RESERVED_SLUGS: &[&str] = &["new", "edit", "static", "admin"];

impl DistrictForm {
    pub fn from_district(district: &District) -> Self {
        Self {
            name: district.name.clone(),
            slug: district.slug.clone(),
            accountability_level: district.accountability_level.to_string(),
            enrollment: district
                .enrollment
                .map(|e| e.to_string())
                .unwrap_or_default(),
            profile: district.profile.clone(),
            version: Some(district.version),
        }
    }

    pub fn validate(&self) -> Result<DistrictInput, FieldErrors> {
        let (mut errors, name) = NAME.start(
            &self.name,
            clean_line,
            &[("slug", &self.slug), ("profile", &self.profile)],
        );
        let slug = if self.slug.trim().is_empty() {
            slugify(&name)
        } else {
            self.slug.trim().to_lowercase()
        };
        if slug.is_empty() && !name.is_empty() {
            errors.add(
                "slug",
                "Enter a web address name: letters, digits and hyphens.",
            );
        } else if !is_valid_slug(&slug) && !name.is_empty() {
            errors.add(
                "slug",
                "Use only lowercase letters, digits and single hyphens between them (for example new-bedford).",
            );
        } else if RESERVED_SLUGS.contains(&slug.as_str()) {
            errors.add(
                "slug",
                "This word is used by the app's own pages; choose another.",
            );
        } else if slug.len() > 60 {
            errors.add(
                "slug",
                "Use at most 60 characters for the web address name.",
            );
        }
        let level = match self.accountability_level.trim().parse::<i16>() {
            Ok(level) if (1..=5).contains(&level) => level,
            _ => {
                errors.add(
                    "accountability_level",
                    "Choose an accountability level from 1 to 5.",
                );
                0
            }
        };
        let enrollment_text = self.enrollment.trim().replace([',', ' '], "");
        let enrollment = if enrollment_text.is_empty() {
            None
        } else {
            match enrollment_text.parse::<i32>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    errors.add(
                        "enrollment",
                        "Enter enrollment as a whole number of students, or leave it empty.",
                    );
                    None
                }
            }
        };
        let profile = self.profile.trim().to_string();
        if profile.chars().count() > PROFILE_MAX_CHARS {
            errors.add("profile", "Keep the profile to 2,000 characters.");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(DistrictInput {
            name,
            slug,
            accountability_level: level,
            enrollment,
            profile,
        })
    }
}

pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// "New Bedford Public Schools" → "new-bedford-public-schools".
pub fn slugify(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, slug: &str, level: &str, enrollment: &str) -> DistrictForm {
        DistrictForm {
            name: name.into(),
            slug: slug.into(),
            accountability_level: level.into(),
            enrollment: enrollment.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_is_accepted_and_tidied() {
        let input = form("  New   Bedford ", "", "4", "12,600")
            .validate()
            .unwrap();
        assert_eq!(input.name, "New Bedford");
        assert_eq!(input.slug, "new-bedford");
        assert_eq!(input.accountability_level, 4);
        assert_eq!(input.enrollment, Some(12600));
    }

    #[test]
    fn level_must_be_one_to_five() {
        for bad in ["0", "6", "", "four"] {
            let errors = form("Randolph", "", bad, "").validate().unwrap_err();
            assert!(errors.has("accountability_level"), "{bad}");
        }
    }

    #[test]
    fn empty_name_and_bad_slug_are_named() {
        let errors = form("", "", "3", "").validate().unwrap_err();
        assert!(errors.has("name"));
        let errors = form("Fall River", "Fall River!", "3", "")
            .validate()
            .unwrap_err();
        assert!(errors.has("slug"));
        let errors = form("Fall River", "new", "3", "").validate().unwrap_err();
        assert!(errors.has("slug"));
    }

    #[test]
    fn enrollment_is_optional_but_never_negative() {
        assert_eq!(form("A", "", "3", "").validate().unwrap().enrollment, None);
        assert!(
            form("A", "", "3", "-5")
                .validate()
                .unwrap_err()
                .has("enrollment")
        );
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_hyphens() {
        assert!(is_valid_slug("fall-river"));
        assert!(!is_valid_slug("fall--river"));
        assert!(!is_valid_slug("-fall"));
        assert!(!is_valid_slug("Fall"));
        assert_eq!(slugify("Fall River (Level 4)"), "fall-river-level-4");
    }
}
