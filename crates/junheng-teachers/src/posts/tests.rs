use junheng_core::demo::{DemoSpec, generate};
use junheng_core::school::{SchoolCode, SchoolRecord, Section};
use junheng_rotation::synth::example_teacher;
use junheng_rotation::{Teacher, TeacherId};

use super::*;

fn code(n: u32) -> SchoolCode {
    SchoolCode::parse(&format!("50011200{n:02}")).expect("valid code")
}

fn teacher(id: &str, school: u32, section: Section) -> Teacher {
    let mut t = example_teacher(2010, 1985);
    t.id = TeacherId::parse(id).expect("valid id");
    t.school = code(school);
    t.section = section;
    t
}

fn cert(id: &str, kind: CertificateKind) -> TeacherCertificate {
    TeacherCertificate {
        teacher: TeacherId::parse(id).expect("valid id"),
        kind,
        subject: "语文".into(),
        number: None,
    }
}

fn record(school: u32, primary: u32, junior: u32, senior: u32) -> SchoolRecord {
    let mut r = generate(&DemoSpec {
        schools: 1,
        seed: 1,
        year: 2024,
    })
    .remove(0);
    r.code = code(school);
    r.primary.students = primary;
    r.junior.students = junior;
    r.senior_students = senior;
    r
}

fn input(school: u32, approved: u32, on_post: u32, outside: u32) -> Staffing {
    Staffing {
        school: code(school),
        approved,
        on_post,
        outside,
    }
}

#[test]
fn certificate_coverage_follows_the_setting() {
    let roster = vec![
        teacher("T1", 1, Section::Junior),
        teacher("T2", 1, Section::Junior),
        teacher("T3", 1, Section::Primary),
        teacher("T4", 2, Section::Primary),
    ];
    let certs = vec![
        cert("T1", CertificateKind::Senior),
        cert("T2", CertificateKind::Primary),
        cert("T3", CertificateKind::Junior),
    ];
    let mut s = CertificateSettings::default();
    let r = certificates(&roster, &certs, &s);
    assert_eq!(r.district.teachers, 4);
    assert_eq!(r.district.holding, 3);
    assert_eq!(r.district.covering, 2);
    let kinds: Vec<_> = r
        .gaps
        .iter()
        .map(|g| (g.teacher.as_str(), g.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![("T2", GapKind::WrongSection), ("T4", GapKind::Missing)]
    );
    assert!(!r.district.item12_met(&s));
    s.higher_covers_lower = false;
    let strict = certificates(&roster, &certs, &s);
    assert_eq!(strict.district.covering, 0);
    s.item12_requires_coverage = false;
    assert_eq!(strict.district.item12_rate(&s), Some(0.75));
}

#[test]
fn item12_is_met_exactly_at_one_hundred_percent() {
    let roster = vec![teacher("T1", 1, Section::Primary)];
    let s = CertificateSettings::default();
    let full = certificates(&roster, &[cert("T1", CertificateKind::Primary)], &s);
    assert!(full.district.item12_met(&s));
    assert!(full.rows[0].tally.item12_met(&s));
    let none = certificates(&roster, &[], &s);
    assert!(!none.district.item12_met(&s));
}

#[test]
fn practice_certificates_cover_no_school_section() {
    for section in [Section::Primary, Section::Junior, Section::Senior] {
        assert!(!CertificateKind::VocationalPractice.covers(section, true));
    }
    assert!(CertificateKind::Vocational.covers(Section::Senior, false));
    assert!(!CertificateKind::Kindergarten.covers(Section::Primary, true));
    for k in CertificateKind::ALL {
        assert_eq!(CertificateKind::parse(k.label()), Some(k));
        assert_eq!(CertificateKind::parse(k.id()), Some(k));
    }
    assert_eq!(CertificateKind::parse("大学"), None);
}

#[test]
fn a_school_exactly_at_the_ratio_is_not_understaffed_one_student_more_is() {
    let s = StaffingSettings::default();
    let at = staffing(
        2024,
        &[input(1, 19, 19, 0)],
        &[record(1, 361, 0, 0)],
        &[],
        &s,
    );
    assert!(!at[0].under_ratio);
    assert!(!at[0].over_ratio);
    assert_eq!(at[0].required_posts(), Some(19));
    let more = staffing(
        2024,
        &[input(1, 19, 19, 0)],
        &[record(1, 362, 0, 0)],
        &[],
        &s,
    );
    assert!(more[0].under_ratio);
    assert_eq!(more[0].required_posts(), Some(20));
    // 初中 1:13.5: 27 students need exactly 2.
    let junior = staffing(2024, &[input(1, 2, 2, 0)], &[record(1, 0, 27, 0)], &[], &s);
    assert!(!junior[0].under_ratio);
    let junior = staffing(2024, &[input(1, 2, 2, 0)], &[record(1, 0, 28, 0)], &[], &s);
    assert!(junior[0].under_ratio);
    // One above the rounded-up requirement is 超编.
    let over = staffing(
        2024,
        &[input(1, 20, 20, 0)],
        &[record(1, 361, 0, 0)],
        &[],
        &s,
    );
    assert!(over[0].over_ratio);
}

#[test]
fn a_nine_year_school_sums_its_sections() {
    let s = StaffingSettings::default();
    let r = staffing(
        2024,
        &[input(1, 0, 0, 0)],
        &[record(1, 190, 135, 125)],
        &[],
        &s,
    );
    assert!((r[0].required.unwrap() - 30.0).abs() < 1e-9);
    let none = staffing(2024, &[input(2, 0, 0, 0)], &[record(1, 1, 1, 1)], &[], &s);
    assert_eq!(none[0].required, None);
    assert!(!none[0].under_ratio);
}

#[test]
fn against_approved_and_outside_share() {
    let s = StaffingSettings::default();
    let r = staffing(
        2024,
        &[input(1, 10, 12, 4), input(2, 10, 8, 0)],
        &[],
        &[],
        &s,
    );
    assert!(r[0].over_approved());
    assert_eq!(r[0].outside_share, Some(0.25));
    assert_eq!(r[1].vacancies(), 2);
    assert!(!r[1].over_approved());
    assert_eq!(r[1].against_approved, -2);
}

#[test]
fn vacancies_with_outside_teachers_warn() {
    let s = StaffingSettings::default();
    let r = staffing(2024, &[input(1, 10, 9, 1)], &[], &[], &s);
    assert_eq!(r[0].warnings[0].reason, WarningReason::VacantWithOutside);
    let r = staffing(2024, &[input(1, 10, 10, 3)], &[], &[], &s);
    assert!(r[0].warnings.is_empty());
}

#[test]
fn long_vacancies_warn_at_the_threshold_for_the_years() {
    let s = StaffingSettings::default();
    let last = vec![(2023, vec![input(1, 10, 7, 0)])];
    // 3 vacancies this year and last: warned.
    let r = staffing(2024, &[input(1, 10, 7, 0)], &[], &last, &s);
    assert_eq!(r[0].warnings.len(), 1);
    assert_eq!(r[0].warnings[0].reason, WarningReason::LongVacant);
    assert_eq!(r[0].warnings[0].years, 2);
    // One below the threshold this year: not warned.
    let r = staffing(2024, &[input(1, 10, 8, 0)], &[], &last, &s);
    assert!(r[0].warnings.is_empty());
    // Only one year: not warned.
    let r = staffing(2024, &[input(1, 10, 7, 0)], &[], &[], &s);
    assert!(r[0].warnings.is_empty());
    // A later year in the history is ignored.
    let later = vec![(2025, vec![input(1, 10, 7, 0)])];
    let r = staffing(2024, &[input(1, 10, 7, 0)], &[], &later, &s);
    assert!(r[0].warnings.is_empty());
}

fn mv(from: u32, to: u32, count: u32, date: &str, cancelled: bool) -> PostMove {
    PostMove {
        from: code(from),
        to: code(to),
        count,
        date: PostDate::parse(date).expect("valid date"),
        reason: "学位调整".into(),
        cancelled,
    }
}

#[test]
fn moves_apply_in_their_school_year_unless_cancelled() {
    let inputs = [input(1, 10, 10, 0), input(2, 5, 5, 0)];
    let moves = [
        mv(1, 2, 2, "2024-09-01", false),
        mv(1, 2, 1, "2025-08-31", true),
        mv(1, 2, 4, "2024-08-31", false),
        mv(2, 3, 1, "2025-01-10", false),
    ];
    let out = apply_moves(2024, &inputs, &moves);
    let approved: Vec<u32> = out.iter().map(|s| s.approved).collect();
    assert_eq!(approved, vec![8, 6, 1]);
    let check = check_approved(
        Some(&Approved {
            year: 2024,
            posts: 15,
            positions: None,
        }),
        &out,
    );
    assert_eq!(check.allocated, 15);
    assert_eq!(check.met, Some(true));
    let check = check_approved(
        Some(&Approved {
            year: 2024,
            posts: 14,
            positions: None,
        }),
        &out,
    );
    assert_eq!(check.met, Some(false));
    assert_eq!(check_approved(None, &out).met, None);
}

#[test]
fn positions_bound_staff_on_post() {
    let a = Approved {
        year: 2024,
        posts: 100,
        positions: Some(15),
    };
    assert_eq!(
        check_approved(Some(&a), &[input(1, 10, 15, 0)]).met,
        Some(true)
    );
    assert_eq!(
        check_approved(Some(&a), &[input(1, 10, 16, 0)]).met,
        Some(false)
    );
}

#[test]
fn pay_is_met_at_a_ratio_of_one() {
    let years = [
        PayYear {
            year: 2024,
            teachers: 100_000,
            civil_servants: 100_000,
        },
        PayYear {
            year: 2023,
            teachers: 99_999,
            civil_servants: 100_000,
        },
    ];
    let c = check_pay(&years, Settings::default().min_pay_ratio);
    assert_eq!(c[0].pay.year, 2023);
    assert!(!c[0].met);
    assert_eq!(c[0].shortfall, 1);
    assert!(c[1].met);
    assert_eq!(c[1].ratio, Some(1.0));
    let zero = check_pay(
        &[PayYear {
            year: 2022,
            teachers: 1,
            civil_servants: 0,
        }],
        1.0,
    );
    assert!(!zero[0].met);
}

#[test]
fn dates_parse_only_real_days() {
    assert_eq!(
        PostDate::parse("2024-02-29").map(|d| d.to_string()),
        Some("2024-02-29".into())
    );
    assert!(PostDate::parse("2023-02-29").is_none());
    assert!(PostDate::parse("2024-9").is_none());
    assert_eq!(PostDate::parse("2024-09-01").unwrap().school_year(), 2024);
}
