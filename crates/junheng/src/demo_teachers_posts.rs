//! The demo's 资格证, 编制, 区管校聘 and pay, made deterministically from the demo records and the
//! demo roster: certificates for nearly every teacher of the latest year (three without one,
//! one 初中 teacher holding only a 小学 certificate), 编制 of the last two years from each
//! school's required staff with one over-staffed, two under-staffed and one 有编不补 school, the
//! approved total, two post moves and three years of pay (the earliest below civil servants').

use junheng_core::school::{SchoolRecord, Section};
use junheng_store::{Actor, DistrictStore};
use junheng_teachers::posts::{
    Approved, CertificateKind, PayYear, PostDate, PostMove, Ratios, Staffing, TeacherCertificate,
};

use crate::Failure;
use crate::platform::store_error;

fn kind_for(section: Section) -> CertificateKind {
    match section {
        Section::Primary => CertificateKind::Primary,
        Section::Junior => CertificateKind::Junior,
        Section::Senior => CertificateKind::Senior,
    }
}

/// Staffing of the year's schools: at the ratio, but school 0 over-staffed, 1 and 2 under the
/// ratio, 3 with vacancies while employing 编外 teachers.
fn staffing(records: &[&SchoolRecord]) -> Vec<Staffing> {
    let ratios = Ratios::default();
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let need = ratios
                .required(
                    r.students(Section::Primary),
                    r.students(Section::Junior),
                    r.senior_students,
                )
                .ceil() as u32;
            let (approved, on_post, outside) = match i {
                0 => (need, need + 3, 0),
                1 | 2 => (need.saturating_sub(4), need.saturating_sub(4), 0),
                3 => (need + 4, need, 2),
                _ => (need, need, 0),
            };
            Staffing {
                school: r.code.clone(),
                approved,
                on_post,
                outside,
            }
        })
        .collect()
}

/// Seeds the slice's demo data; returns nothing but errors.
pub(crate) async fn seed(
    store: &DistrictStore,
    records: &[SchoolRecord],
    actor: &Actor,
) -> Result<(), Failure> {
    let Some(latest) = records.iter().map(|r| r.year).max() else {
        return Ok(());
    };
    let digest = |n: u8| format!("{:064x}", n);
    let roster = store.roster(latest).await.map_err(store_error)?;
    let mut certs = Vec::new();
    let mut wrong_done = false;
    for (i, t) in roster.iter().enumerate() {
        if i % 97 == 5 && i < 300 {
            continue;
        }
        let kind = if !wrong_done && t.section == Section::Junior {
            wrong_done = true;
            CertificateKind::Primary
        } else {
            kind_for(t.section)
        };
        certs.push(TeacherCertificate {
            teacher: t.id.clone(),
            kind,
            subject: t.subject.clone(),
            number: None,
        });
    }
    if !certs.is_empty() {
        store
            .import_certificates(latest, &certs, "演示教师资格证.xlsx", &digest(1), actor)
            .await
            .map_err(store_error)?;
    }
    for year in [latest - 1, latest] {
        let mut of_year: Vec<&SchoolRecord> = records
            .iter()
            .filter(|r| r.year == year && r.parent_code.is_none())
            .collect();
        of_year.sort_by(|a, b| a.code.cmp(&b.code));
        if of_year.len() < 8 {
            continue;
        }
        let rows = staffing(&of_year);
        store
            .import_staffing(year, &rows, "演示编制表.xlsx", &digest(2), actor)
            .await
            .map_err(store_error)?;
        let total: u32 = rows.iter().map(|s| s.approved).sum();
        store
            .set_approved(
                &Approved {
                    year,
                    posts: total + 10,
                    positions: None,
                },
                actor,
            )
            .await
            .map_err(store_error)?;
        if year == latest {
            for (from, to, count, day) in [(4, 5, 2, 15), (6, 7, 1, 20)] {
                let m = PostMove {
                    from: rows[from].school.clone(),
                    to: rows[to].school.clone(),
                    count: count.min(rows[from].approved),
                    date: PostDate {
                        year,
                        month: 10,
                        day,
                    },
                    reason: "按学位变化调整编制".into(),
                    cancelled: false,
                };
                if m.count > 0 {
                    store
                        .record_post_move(&m, actor)
                        .await
                        .map_err(store_error)?;
                }
            }
        }
    }
    for (year, teachers, civil) in [
        (latest - 2, 96_500, 98_000),
        (latest - 1, 101_200, 100_800),
        (latest, 104_600, 103_900),
    ] {
        store
            .set_pay(
                &PayYear {
                    year,
                    teachers,
                    civil_servants: civil,
                },
                actor,
            )
            .await
            .map_err(store_error)?;
    }
    Ok(())
}
