//! The person form and its rules.

use email_address::EmailAddress;
use serde::Deserialize;

use crate::auth::password;
use crate::plans::required::Required;
use crate::web::forms::{FieldErrors, clean_line};

/// What the administrator typed, kept as text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PersonForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub title: String,
    /// Only on the "new person" form; empty means "make one up".
    #[serde(default)]
    pub temporary_password: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub version: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersonInput {
    pub name: String,
    pub email: String,
    pub title: String,
    pub active: bool,
}

const NAME: Required = Required {
    field: "name",
    max: 120,
    missing: "Enter the person's name.",
    too_long: "Use at most 120 characters for the name.",
};

impl PersonForm {
    pub fn validate(&self) -> Result<PersonInput, FieldErrors> {
        let (mut errors, name) = NAME.start(
            &self.name,
            clean_line,
            &[("email", &self.email), ("title", &self.title)],
        );
        let email = self.email.trim().to_lowercase();
        if email.is_empty() {
            errors.add(
                "email",
                "Enter the person's email address; they sign in with it.",
            );
        } else if !EmailAddress::is_valid(&email) || !email.contains('.') {
            errors.add(
                "email",
                "This does not look like an email address (for example name@district.org).",
            );
        }
        let title = clean_line(&self.title);
        if title.chars().count() > 120 {
            errors.add("title", "Use at most 120 characters for the title.");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(PersonInput {
            name,
            email,
            title,
            active: self.active.is_some(),
        })
    }

    /// The temporary password to set: the one typed, if strong enough, or a generated one.
    pub fn temporary_password(&self, email: &str) -> Result<String, FieldErrors> {
        let typed = self.temporary_password.trim();
        if typed.is_empty() {
            return Ok(password::temporary());
        }
        match password::weakness(typed, email) {
            Some(problem) => {
                let mut errors = FieldErrors::default();
                errors.add("temporary_password", problem);
                Err(errors)
            }
            None => Ok(typed.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, email: &str) -> PersonForm {
        PersonForm {
            name: name.into(),
            email: email.into(),
            active: Some("on".into()),
            ..Default::default()
        }
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        let input = form("Ana Ruiz", " Ana.Ruiz@District.ORG ")
            .validate()
            .unwrap();
        assert_eq!(input.email, "ana.ruiz@district.org");
        assert!(input.active);
        assert!(
            form("Ana", "not-an-email")
                .validate()
                .unwrap_err()
                .has("email")
        );
        assert!(form("Ana", "").validate().unwrap_err().has("email"));
    }

    #[test]
    fn a_name_is_required() {
        assert!(form("   ", "a@b.org").validate().unwrap_err().has("name"));
    }

    #[test]
    fn a_blank_temporary_password_is_generated_and_a_weak_one_refused() {
        let f = form("Ana", "a@b.org");
        assert_eq!(f.temporary_password("a@b.org").unwrap().len(), 19);
        let weak = PersonForm {
            temporary_password: "abc".into(),
            ..f
        };
        assert!(
            weak.temporary_password("a@b.org")
                .unwrap_err()
                .has("temporary_password")
        );
    }
}
