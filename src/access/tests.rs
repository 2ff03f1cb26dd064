use super::*;
use crate::web::forms::assert_keys_round_trip;

#[test]
fn every_role_can_open_its_district() {
    for role in DistrictRole::ALL.map(Role::from) {
        assert!(can(&[role], ViewDistrict), "{role}");
        assert!(!can(&[role], ViewAllDistricts), "{role}");
    }
}

#[test]
fn only_ese_admins_manage_people_and_districts() {
    assert!(can(&[Role::EseAdmin], ManagePeople));
    assert!(can(&[Role::EseAdmin], ManageDistricts));
    assert!(!can(&[Role::EseStaff], ManagePeople));
    assert!(!can(
        &[Role::Superintendent, Role::PlanManager],
        ManageDistricts
    ));
    assert!(!can(&[], ViewDistrict));
}

#[test]
fn plans_are_written_by_the_district_and_approved_by_ese() {
    assert!(can(&[Role::PlanManager], EditPlan));
    assert!(!can(&[Role::PlanManager], SubmitPlan));
    assert!(can(&[Role::Superintendent], SubmitPlan));
    assert!(!can(&[Role::PlanMonitor], EditPlan));
    assert!(!can(&[Role::DistrictLeader], EditPlan));
    assert!(can(&[Role::DistrictLeader], EditLedInitiatives));
    assert!(can(&[Role::EseStaff], ApprovePlan));
    assert!(!can(&[Role::EseStaff], EditPlan));
    assert!(!can(&[Role::Superintendent], ApprovePlan));
}

#[test]
fn progress_is_recorded_by_the_district_and_read_by_monitors_and_ese() {
    assert!(can(&[Role::Superintendent], RecordProgress));
    assert!(can(&[Role::PlanManager], RecordProgress));
    assert!(!can(&[Role::DistrictLeader], RecordProgress));
    assert!(can(&[Role::DistrictLeader], RecordLedProgress));
    for role in [Role::PlanMonitor, Role::EseStaff, Role::EseAdmin] {
        assert!(!can(&[role], RecordProgress), "{role}");
        assert!(!can(&[role], RecordLedProgress), "{role}");
    }
}

#[test]
fn the_plan_manager_writes_the_minutes_and_the_superintendent_and_monitor_review_them() {
    assert!(can(&[Role::PlanManager], WriteMinutes));
    assert!(can(&[Role::PlanManager], ScheduleDiscussions));
    assert!(!can(&[Role::PlanManager], ReviewMinutes));
    for role in [Role::Superintendent, Role::PlanMonitor] {
        assert!(can(&[role], ReviewMinutes), "{role}");
        assert!(!can(&[role], WriteMinutes), "{role}");
    }
    assert!(!can(&[Role::PlanMonitor], ScheduleDiscussions));
    assert!(!can(&[Role::DistrictLeader], CommentOnAgenda));
    assert!(can(&[Role::EseAdmin], ManageEseContacts));
    assert!(!can(&[Role::EseStaff], ManageEseContacts));
}

#[test]
fn the_monitor_writes_the_report_the_superintendent_corrects_facts_and_ese_publishes() {
    assert!(can(&[Role::PlanMonitor], DraftQpr));
    assert!(!can(&[Role::Superintendent], DraftQpr));
    assert!(can(&[Role::Superintendent], CorrectQprFacts));
    assert!(!can(&[Role::PlanMonitor], PublishQpr));
    assert!(can(&[Role::EseStaff], PublishQpr) && can(&[Role::EseStaff], ReviewQpr));
    assert!(can(&[Role::PlanManager], AnswerEvidenceRequests));
    assert!(!can(&[Role::DistrictLeader], AnswerEvidenceRequests));
}

#[test]
fn thousands_are_grouped() {
    assert_eq!(group_thousands(0), "0");
    assert_eq!(group_thousands(950), "950");
    assert_eq!(group_thousands(2650), "2,650");
    assert_eq!(group_thousands(1_234_567), "1,234,567");
}

#[test]
fn role_keys_round_trip() {
    assert_keys_round_trip(&DistrictRole::ALL, DistrictRole::key, DistrictRole::parse);
    assert_keys_round_trip(&EseRole::ALL, EseRole::key, EseRole::parse);
    assert_eq!(DistrictRole::parse("admin"), None);
}

#[test]
fn the_districts_whole_record_goes_to_ese_administrators_and_its_superintendent() {
    assert!(can(&[Role::EseAdmin], ExportDistrict));
    assert!(can(&[Role::Superintendent], ExportDistrict));
    for role in [
        Role::PlanManager,
        Role::PlanMonitor,
        Role::DistrictLeader,
        Role::EseStaff,
    ] {
        assert!(!can(&[role], ExportDistrict), "{role}");
    }
}
