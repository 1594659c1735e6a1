//! The honours templates' rows → records, every problem reported at once.

use junheng_teachers::honours::{Award, AwardKind, AwardLevel, EthicsResult, HonoursSettings};
use junheng_teachers::pipeline::{HonourTitle, Stage};

use super::columns::*;
use super::{HonoursFile, ImportFailure, Kind, Records, TEXT_MAX_CHARS, codes};
use crate::limits::Limits;
use crate::school::Issue;
use crate::table::fields::FieldCodes;
use crate::table::rows::{read_rows, unique};
use crate::table::{Row, Table};

/// The codes of one template, as the row checks use them.
struct Codes {
    fields: &'static FieldCodes,
    word: &'static str,
    too_long: &'static str,
    duplicate: &'static str,
}

fn codes_of(kind: Kind) -> Codes {
    match kind {
        Kind::Titles => Codes {
            fields: &codes::titles::FIELDS,
            word: codes::titles::WORD_INVALID,
            too_long: codes::titles::TEXT_TOO_LONG,
            duplicate: codes::titles::DUPLICATE,
        },
        Kind::Awards => Codes {
            fields: &codes::awards::FIELDS,
            word: codes::awards::WORD_INVALID,
            too_long: codes::awards::TEXT_TOO_LONG,
            duplicate: codes::awards::DUPLICATE,
        },
        Kind::Ethics => Codes {
            fields: &codes::ethics::FIELDS,
            word: codes::ethics::WORD_INVALID,
            too_long: codes::ethics::TEXT_TOO_LONG,
            duplicate: codes::ethics::DUPLICATE,
        },
    }
}

pub(super) fn read(
    kind: Kind,
    bytes: &[u8],
    file: &str,
    settings: &HonoursSettings,
    limits: &Limits,
) -> Result<HonoursFile, ImportFailure> {
    let c = codes_of(kind);
    let template = kind.template();
    let none = &mut |_, _| {};
    let (records, rows, place, warnings) = match kind {
        Kind::Titles => {
            let checked = read_rows(bytes, file, &template, limits, none, |t, r, i| {
                title(t, r, &c, i)
            })?;
            let key = |x: &HonourTitle| (x.teacher.clone(), x.title.clone(), x.year);
            let (rows, place, list, warnings) = unique(checked, c.duplicate, TITLE, key)?;
            (Records::Titles(list), rows, place, warnings)
        }
        Kind::Awards => {
            let checked = read_rows(bytes, file, &template, limits, none, |t, r, i| {
                award(t, r, &c, i)
            })?;
            let key = |x: &Award| (x.teacher.clone(), x.year, x.kind, x.level, x.title.clone());
            let (rows, place, list, warnings) = unique(checked, c.duplicate, AWARD, key)?;
            (Records::Awards(list), rows, place, warnings)
        }
        Kind::Ethics => {
            let checked = read_rows(bytes, file, &template, limits, none, |t, r, i| {
                ethics(t, r, &c, settings, i)
            })?;
            let key = |x: &EthicsResult| (x.teacher.clone(), x.year);
            let (rows, place, list, warnings) = unique(checked, c.duplicate, YEAR, key)?;
            (Records::Ethics(list), rows, place, warnings)
        }
    };
    Ok(HonoursFile {
        file: place.file,
        sheet: place.sheet,
        records,
        rows,
        warnings,
    })
}

/// A text of at most [`TEXT_MAX_CHARS`] characters.
fn bounded(
    t: &Table,
    row: &Row,
    header: &str,
    required: bool,
    c: &Codes,
    issues: &mut Vec<Issue>,
) -> Option<String> {
    t.bounded(row, header, required, TEXT_MAX_CHARS, c.too_long, issues)
}

fn title(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<HonourTitle> {
    let teacher = t.teacher_id(row, TEACHER, c.fields, issues);
    let name = bounded(t, row, TITLE, true, c, issues);
    let stage = t.word(
        row,
        LEVEL,
        true,
        Stage::parse,
        || Stage::expected().into(),
        c.word,
        issues,
    );
    let year = t.year(row, AWARDED, c.fields, issues);
    let issuer = if t.column(ISSUER).is_some() {
        bounded(t, row, ISSUER, false, c, issues)
    } else {
        None
    };
    Some(HonourTitle {
        teacher: teacher?,
        title: name?,
        stage: stage?,
        year: year?,
        issuer: issuer.unwrap_or_default(),
    })
}

fn award(t: &Table, row: &Row, c: &Codes, issues: &mut Vec<Issue>) -> Option<Award> {
    let teacher = t.teacher_id(row, TEACHER, c.fields, issues);
    let year = t.year(row, YEAR, c.fields, issues);
    let kind = t.word(
        row,
        KIND,
        true,
        AwardKind::parse,
        AwardKind::expected,
        c.word,
        issues,
    );
    let level = t.word(
        row,
        LEVEL,
        true,
        AwardLevel::parse,
        AwardLevel::expected,
        c.word,
        issues,
    );
    let name = bounded(t, row, AWARD, true, c, issues);
    Some(Award {
        teacher: teacher?,
        year: year?,
        kind: kind?,
        level: level?,
        title: name?,
    })
}

fn ethics(
    t: &Table,
    row: &Row,
    c: &Codes,
    settings: &HonoursSettings,
    issues: &mut Vec<Issue>,
) -> Option<EthicsResult> {
    let teacher = t.teacher_id(row, TEACHER, c.fields, issues);
    let year = t.year(row, YEAR, c.fields, issues);
    let level = t.word(
        row,
        ETHICS,
        true,
        |w| settings.ethics_level(w).map(str::to_owned),
        || settings.ethics_levels.join("、"),
        c.word,
        issues,
    );
    Some(EthicsResult {
        teacher: teacher?,
        year: year?,
        level: level?,
    })
}
