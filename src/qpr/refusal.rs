//! Where a report's pages are, and the 409 page for a step its state does not allow: below the
//! workflow (`process`) and the presentations, which both refuse steps the same way.

use uuid::Uuid;

use super::model::{Qpr, QprStatus};
use crate::access::DistrictScope;
use crate::error::AppError;

pub(super) fn report_path(scope: &DistrictScope, id: Uuid) -> String {
    format!("/districts/{}/qprs/{id}", scope.district.slug)
}

pub(super) fn process_path(scope: &DistrictScope, id: Uuid) -> String {
    format!("{}/process", report_path(scope, id))
}

/// 409: what was tried does not fit the report's state; says why and what can be done instead.
pub(super) fn refuse(
    scope: &DistrictScope,
    qpr: &Qpr,
    attempt: &str,
    explanation: String,
) -> AppError {
    AppError::conflict(
        format!("{attempt}: not possible now"),
        explanation,
        process_path(scope, qpr.id),
        "Go to the report's workflow",
    )
}

/// 409 for a step tried in the wrong state.
pub(super) fn wrong_state(scope: &DistrictScope, qpr: &Qpr, attempt: &str) -> AppError {
    let explanation = match qpr.status {
        QprStatus::Draft => {
            "This report is a draft with the monitor: it has not been sent to ESE for review yet."
        }
        QprStatus::EseReview => {
            "This report is in review by ESE Accountability and the other monitors; it goes to the \
             superintendent for factual corrections next."
        }
        QprStatus::FactualReview => {
            "This report is with the superintendent for factual corrections; ESE publishes it next."
        }
        QprStatus::Published => {
            "This report is published and read-only. ESE can correct it, giving a reason: the \
             published text is kept and the report goes through review again."
        }
    };
    refuse(
        scope,
        qpr,
        attempt,
        format!("{explanation} Nothing was saved."),
    )
}
