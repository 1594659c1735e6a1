//! Reading the registry back, without names: a district's files, the registry of a year (the
//! latest version of each school's file), a file's children and a child's latest entry.

use std::collections::HashMap;

use junheng_core::school::SchoolCode;
use junheng_core::student::{Disability, Flags, Placement};

use super::{RegistryEntry, StudentImport};
use crate::StoreError;
use crate::district::DistrictStore;
use crate::error::school_code;
use crate::pool::{from_row, with_pool};

/// A registry row with its file's school and year.
type EntryRow = (
    i64,
    i64,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    String,
    i64,
);

/// A registry entry read back.
#[allow(clippy::too_many_arguments)]
fn entry(
    id: i64,
    male: i64,
    birth: String,
    grade: i64,
    class: Option<String>,
    from: Option<String>,
    dis: Option<String>,
    place: Option<String>,
    flags: i64,
) -> Result<RegistryEntry, StoreError> {
    let bad = |column| StoreError::Corrupt {
        table: "student_records",
        column,
    };
    let disability = match (dis, place) {
        (Some(d), Some(p)) => Some((
            Disability::from_id(&d).ok_or_else(|| bad("disability"))?,
            Placement::from_id(&p).ok_or_else(|| bad("placement"))?,
        )),
        (None, None) => None,
        _ => return Err(bad("placement")),
    };
    Ok(RegistryEntry {
        student: id,
        male: male != 0,
        birth_month: birth,
        grade: u8::try_from(grade).map_err(|_| bad("grade"))?,
        class: class.unwrap_or_default(),
        migrant_from: from,
        disability,
        flags: Flags::from_bits(u8::try_from(flags).map_err(|_| bad("flags"))?),
    })
}

struct ImportRow {
    id: i64,
    school: String,
    year: i64,
    version: i64,
    public: i64,
    file_name: String,
    sha256: String,
    students: i64,
    counts: String,
    imported_by: String,
    imported_at: String,
}
from_row!(ImportRow {
    id,
    school,
    year,
    version,
    public,
    file_name,
    sha256,
    students,
    counts,
    imported_by,
    imported_at
});

impl TryFrom<ImportRow> for StudentImport {
    type Error = StoreError;

    fn try_from(r: ImportRow) -> Result<Self, StoreError> {
        let bad = |column| StoreError::Corrupt {
            table: "student_imports",
            column,
        };
        Ok(StudentImport {
            id: r.id,
            school: school_code(&r.school, "student_imports", "school")?,
            year: i32::try_from(r.year).map_err(|_| bad("year"))?,
            version: u32::try_from(r.version).map_err(|_| bad("version"))?,
            public: r.public != 0,
            file_name: r.file_name,
            sha256: r.sha256,
            students: u64::try_from(r.students).map_err(|_| bad("students"))?,
            counts: serde_json::from_str(&r.counts).map_err(|_| bad("counts"))?,
            imported_by: r.imported_by,
            imported_at: r.imported_at,
        })
    }
}

const IMPORT_COLUMNS: &str = "id, school, year, version, public, file_name, sha256, students, \
                              counts, imported_by, imported_at";

impl DistrictStore {
    /// Every registry file of the district (of one school when given), newest first.
    pub async fn student_imports(
        &self,
        school: Option<&SchoolCode>,
    ) -> Result<Vec<StudentImport>, StoreError> {
        let sql = format!(
            "SELECT {IMPORT_COLUMNS} FROM student_imports WHERE district_id = $1 \
             AND ($2 IS NULL OR school = $2) ORDER BY year DESC, school, version DESC"
        );
        let rows: Vec<ImportRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(school.map(SchoolCode::as_str))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(StudentImport::try_from).collect()
    }

    /// The registry of a school year: the latest version of each school's file (of one school
    /// when given).
    pub async fn current_registries(
        &self,
        year: i32,
        school: Option<&SchoolCode>,
    ) -> Result<Vec<StudentImport>, StoreError> {
        let sql = format!(
            "SELECT {IMPORT_COLUMNS} FROM student_imports i WHERE district_id = $1 \
             AND year = $2 AND ($3 IS NULL OR school = $3) AND version = (SELECT MAX(version) \
             FROM student_imports j WHERE j.district_id = i.district_id AND j.school = i.school \
             AND j.year = i.year) ORDER BY school"
        );
        let rows: Vec<ImportRow> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(i64::from(year))
                .bind(school.map(SchoolCode::as_str))
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(StudentImport::try_from).collect()
    }

    /// The school years that have a registry, newest first.
    pub async fn registry_years(&self) -> Result<Vec<i32>, StoreError> {
        let years: Vec<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT DISTINCT year FROM student_imports WHERE district_id = $1 \
                 ORDER BY year DESC",
            )
            .bind(self.id)
            .fetch_all(pool)
            .await?
        });
        Ok(years
            .into_iter()
            .filter_map(|(y,)| i32::try_from(y).ok())
            .collect())
    }

    /// The children of a registry file, by grade, class and id — without names.
    pub async fn registry(&self, import: i64) -> Result<Vec<RegistryEntry>, StoreError> {
        let rows: Vec<EntryRow> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT s.id, s.male, s.birth_month, r.grade, r.class, r.migrant_from, \
                 r.disability, r.placement, r.flags, i.school, i.year FROM student_records r \
                 JOIN student_imports i ON i.id = r.import_id \
                 JOIN students s ON s.id = r.student_id \
                 WHERE i.district_id = $1 AND r.import_id = $2 ORDER BY r.grade, r.class, s.id",
            )
            .bind(self.id)
            .bind(import)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter()
            .map(
                |(id, male, birth, grade, class, from, dis, place, flags, _, _)| {
                    entry(id, male, birth, grade, class, from, dis, place, flags)
                },
            )
            .collect()
    }

    /// The latest registry entry of each of these children (of the latest school year that
    /// lists them, latest version): child → (school, year, entry).
    pub async fn latest_entries(
        &self,
        students: &[i64],
    ) -> Result<HashMap<i64, (SchoolCode, i32, RegistryEntry)>, StoreError> {
        let mut out = HashMap::new();
        for chunk in students.chunks(5000) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT s.id, s.male, s.birth_month, r.grade, r.class, r.migrant_from, \
                 r.disability, r.placement, r.flags, i.school, i.year FROM student_records r \
                 JOIN student_imports i ON i.id = r.import_id \
                 JOIN students s ON s.id = r.student_id \
                 WHERE i.district_id = $1 AND r.student_id IN ({}) \
                 ORDER BY r.student_id, i.year, i.version, i.id",
                marks.join(", ")
            );
            let rows: Vec<EntryRow> = with_pool!(&self.pool, |pool| {
                // Built from placeholders only.
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(self.id);
                for id in chunk {
                    q = q.bind(id);
                }
                q.fetch_all(pool).await?
            });
            // Ordered oldest first: the last row of each child wins.
            for r in rows {
                let school = school_code(&r.9, "student_imports", "school")?;
                let year = i32::try_from(r.10).map_err(|_| StoreError::Corrupt {
                    table: "student_imports",
                    column: "year",
                })?;
                let entry = entry(r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8)?;
                out.insert(entry.student, (school, year, entry));
            }
        }
        Ok(out)
    }

    /// The children of the registry of school year `year` (the latest version of each
    /// school's file) by pseudonym: (child, school, grade, flags). For comparisons with other
    /// departments' lists; no name.
    pub async fn registry_keys(
        &self,
        year: i32,
    ) -> Result<HashMap<String, (i64, SchoolCode, u8, Flags)>, StoreError> {
        self.keys_of(year, None).await
    }

    /// [`DistrictStore::registry_keys`] of one school (a school's file needs no other child).
    pub async fn school_registry_keys(
        &self,
        year: i32,
        school: &SchoolCode,
    ) -> Result<HashMap<String, (i64, SchoolCode, u8, Flags)>, StoreError> {
        self.keys_of(year, Some(school)).await
    }

    async fn keys_of(
        &self,
        year: i32,
        school: Option<&SchoolCode>,
    ) -> Result<HashMap<String, (i64, SchoolCode, u8, Flags)>, StoreError> {
        let sql = format!(
            "SELECT s.pseudonym, s.id, i.school, r.grade, r.flags FROM student_records r \
             JOIN student_imports i ON i.id = r.import_id \
             JOIN students s ON s.id = r.student_id \
             WHERE i.district_id = $1 AND i.year = $2 {} AND i.version = (SELECT MAX(version) \
             FROM student_imports j WHERE j.district_id = i.district_id \
             AND j.school = i.school AND j.year = i.year)",
            if school.is_some() {
                "AND i.school = $3"
            } else {
                ""
            }
        );
        let rows: Vec<(String, i64, String, i64, i64)> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(i64::from(year));
            if let Some(s) = school {
                q = q.bind(s.as_str());
            }
            q.fetch_all(pool).await?
        });
        let bad = |column| StoreError::Corrupt {
            table: "student_records",
            column,
        };
        rows.into_iter()
            .map(|(p, id, school, grade, flags)| {
                Ok((
                    p,
                    (
                        id,
                        school_code(&school, "student_imports", "school")?,
                        u8::try_from(grade).map_err(|_| bad("grade"))?,
                        Flags::from_bits(u8::try_from(flags).map_err(|_| bad("flags"))?),
                    ),
                ))
            })
            .collect()
    }

    /// The roster of a grade in school year `year` (the latest version of each school's file),
    /// of one school or every school: (pseudonym, school, class) by school then class — who
    /// should sit an exam of that grade (应考). No name.
    pub async fn grade_roster(
        &self,
        year: i32,
        grade: u8,
        school: Option<&SchoolCode>,
    ) -> Result<Vec<(String, SchoolCode, Option<String>)>, StoreError> {
        let sql = format!(
            "SELECT s.pseudonym, i.school, r.class FROM student_records r \
             JOIN student_imports i ON i.id = r.import_id \
             JOIN students s ON s.id = r.student_id \
             WHERE i.district_id = $1 AND i.year = $2 AND r.grade = $3 {} \
             AND i.version = (SELECT MAX(version) FROM student_imports j \
             WHERE j.district_id = i.district_id AND j.school = i.school AND j.year = i.year) \
             ORDER BY i.school, r.class, s.pseudonym",
            if school.is_some() {
                "AND i.school = $4"
            } else {
                ""
            }
        );
        let rows: Vec<(String, String, Option<String>)> = with_pool!(&self.pool, |pool| {
            // Built from our own constants only.
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(self.id)
                .bind(i64::from(year))
                .bind(i64::from(grade));
            if let Some(s) = school {
                q = q.bind(s.as_str());
            }
            q.fetch_all(pool).await?
        });
        rows.into_iter()
            .map(|(p, school, class)| {
                Ok((p, school_code(&school, "student_imports", "school")?, class))
            })
            .collect()
    }

    /// The pseudonym of the district's child `student`, if any (no name, nothing to record).
    pub async fn student_pseudonym(&self, student: i64) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT pseudonym FROM students WHERE district_id = $1 AND id = $2")
                .bind(self.id)
                .bind(student)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(p,)| p))
    }

    /// The id of the child with this pseudonym, if the district knows them.
    pub async fn student_id(&self, pseudonym: &str) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT id FROM students WHERE district_id = $1 AND pseudonym = $2")
                .bind(self.id)
                .bind(pseudonym)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(|(id,)| id))
    }

    /// Where a child is on the registry: (school, year, grade) of the latest year that lists
    /// them, from their latest version of that year.
    pub async fn student_place(
        &self,
        student: i64,
    ) -> Result<Option<(SchoolCode, i32, u8)>, StoreError> {
        let row: Option<(String, i64, i64)> = with_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT i.school, i.year, r.grade FROM student_records r \
                 JOIN student_imports i ON i.id = r.import_id \
                 WHERE i.district_id = $1 AND r.student_id = $2 \
                 ORDER BY i.year DESC, i.version DESC, i.id DESC LIMIT 1",
            )
            .bind(self.id)
            .bind(student)
            .fetch_optional(pool)
            .await?
        });
        row.map(|(s, y, g)| {
            let bad = |column| StoreError::Corrupt {
                table: "student_imports",
                column,
            };
            Ok((
                school_code(&s, "student_imports", "school")?,
                i32::try_from(y).map_err(|_| bad("year"))?,
                u8::try_from(g).map_err(|_| bad("grade"))?,
            ))
        })
        .transpose()
    }
}
