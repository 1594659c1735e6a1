//! Junheng's engines for teachers beyond rotation (issue 17): what a 人事科 and a 教师发展中心
//! keep of each teacher besides the roster and the rotation ledger, and the 督导评估 items
//! computed from it.
//!
//! Pure: inputs are plain records (the roster's [`junheng_rotation::Teacher`]s, ledgers of this
//! crate's records) and settings; no I/O. One module per capability, named as in every layer.

pub mod honours;
pub mod mentors;
pub mod pipeline;
pub mod posts;
pub mod studios;
pub mod training;
mod words;

pub use words::on;

#[cfg(test)]
pub(crate) mod testing {
    use junheng_core::school::{SchoolCode, Section};
    use junheng_rotation::{BackboneLevel, Degree, Sex, Teacher, TeacherId, Title};

    /// A school code of the tests: `5001120001` + n.
    pub fn school(n: u32) -> SchoolCode {
        SchoolCode::parse(&format!("{}", 5_001_120_000u64 + u64::from(n))).unwrap()
    }

    /// A teacher id of the tests.
    pub fn id(text: &str) -> TeacherId {
        TeacherId::parse(text).unwrap()
    }

    /// A teacher of 2024 at school `n`.
    pub fn teacher(id_text: &str, n: u32, backbone: bool, title: Option<Title>) -> Teacher {
        Teacher {
            year: 2024,
            id: id(id_text),
            school: school(n),
            section: Section::Primary,
            subject: "数学".into(),
            degree: Degree::Bachelor,
            backbone: if backbone {
                BackboneLevel::District
            } else {
                BackboneLevel::None
            },
            pe_arts: false,
            start_year: 2015,
            birth_year: 1985,
            sex: Sex::Female,
            on_staff: true,
            title,
        }
    }
}
