//! The demo's 劳动教育 (issue 18): the district's 劳动清单 (`junheng_labour::synth`, meeting the
//! default required task groups in every band) and one primary school's own list on top of it
//! (a strengthened district item and an addition), written through the same operation as an
//! import on `/labour/lists`.

use junheng_labour::calendar::Term;
use std::collections::HashMap;

use junheng_app::labour::lists::import;
use junheng_app::pairings::Caller;
use junheng_core::school::{SchoolKind, SchoolRecord};
use junheng_io::labour::lists::ListFile;
use junheng_labour::checklist::{
    Checklist, ChecklistItem, Frequency, Grades, ItemCode, Owner, Place, Unit,
};
use junheng_labour::groups::{GradeBand, TaskGroup};
use junheng_labour::settings::LabourSettings;
use junheng_store::{Actor, DistrictStore};

use crate::Failure;

/// A list as the file that would hold it (rows 2, 3 …).
fn as_file(list: &Checklist, name: &str) -> ListFile {
    let codes = list.items.iter().map(|i| &i.code).chain(&list.removals);
    ListFile {
        file: name.into(),
        sheet: None,
        items: list.items.clone(),
        removals: list.removals.clone(),
        rows: codes.cloned().zip(2..).collect::<HashMap<_, _>>(),
        warnings: Vec::new(),
    }
}

/// Seeds the lists; returns the school with a list of its own, if the demo has a primary school.
pub(crate) async fn seed(
    data: &DistrictStore,
    records: &[SchoolRecord],
    actor: &Actor,
) -> Result<Option<junheng_core::school::SchoolCode>, Failure> {
    let settings = LabourSettings::default();
    let required = &settings.checklist.required_groups;
    let op = Caller::Operator(actor);
    let refused = crate::pairing::refused;
    let district = junheng_labour::synth::district_list(1);
    import(
        data,
        &op,
        None,
        &as_file(&district, "区级劳动清单.xlsx"),
        "",
        required,
    )
    .await
    .map_err(refused)?;
    let Some(school) = records
        .iter()
        .find(|r| r.kind == SchoolKind::Primary && r.parent_code.is_none())
        .map(|r| r.code.clone())
    else {
        return Ok(None);
    };
    let mut stronger = district
        .items
        .iter()
        .find(|i| i.code.as_str() == "B2-01")
        .cloned()
        .expect("the synth list has B2-01");
    stronger.frequency.times += 1;
    let own = Checklist {
        owner: Owner::School(school.clone()),
        version: 1,
        parent_version: None,
        items: vec![
            stronger,
            ChecklistItem {
                code: ItemCode::parse("S3-01").expect("a valid code"),
                group: TaskGroup::Farming,
                grades: Grades::Band(GradeBand::Third),
                place: Place::Society,
                content: "到学校的农耕基地参加一次秋收".into(),
                frequency: Frequency {
                    unit: Unit::Term,
                    times: 1,
                },
                minutes: 120,
                mandatory: false,
                safety_note: "使用农具须听从基地老师指导".into(),
            },
        ],
        removals: Vec::new(),
    };
    import(
        data,
        &op,
        Some(&school),
        &as_file(&own, "校本劳动清单.xlsx"),
        "",
        required,
    )
    .await
    .map_err(refused)?;
    Ok(Some(school))
}

/// What the demo's term of labour holds.
#[derive(Debug, Default)]
pub(crate) struct TermSeeded {
    /// Classes with records.
    pub classes: Vec<String>,
    /// Records written.
    pub records: usize,
    /// Spot checks decided.
    pub checked: usize,
    /// Parents' answers through links.
    pub answered: usize,
    /// The review (区/校/班): what each school's term came to.
    pub review: Vec<String>,
    /// 劳动课时 rows written (one per class and week).
    pub lessons: usize,
    /// Schools with a 劳动周 this school year.
    pub labour_weeks: usize,
}

/// A term of labour (from the term's first day to today) in one class of each of three primary
/// schools, written through the class teacher's operations: entries of the generated records
/// (`junheng_labour::synth::class_term`), each week's spot check decided (one in ten 不通过),
/// parent slips for the last two weeks answered through their links (one in twenty 有误), and
/// every child rated.
pub(crate) async fn seed_term(
    store: &junheng_store::Store,
    data: &DistrictStore,
    records: &[SchoolRecord],
    keys: &junheng_store::StudentKeys,
    seed: u64,
    actor: &Actor,
) -> Result<TermSeeded, Failure> {
    use junheng_app::labour::links::{answer, issue};

    use junheng_app::labour::records::{
        Context, NewEntry, class_label, classes, decide, enter, rate, seat, week,
    };
    use junheng_labour::StudentKey;
    use junheng_labour::calendar::Day;
    use junheng_labour::passport::Decision;

    let settings = LabourSettings::default();
    let required = &settings.checklist.required_groups;
    let op = Caller::Operator(actor);
    let refused = crate::pairing::refused;
    let today = Day::parse(&junheng_app::tasks::beijing_today()).expect("today");
    let span = Term::span(Term::of(today));
    let at = Context {
        today,
        required,
        keys,
    };
    let mut done = TermSeeded::default();
    let mut schools = Vec::new();
    // Tokens of the demo's slips: distinct across classes (the demo is reproducible, not secret).
    let mut t = 0u64;
    let primaries = records
        .iter()
        .filter(|r| r.kind == SchoolKind::Primary && r.parent_code.is_none());
    for (n, school) in primaries.enumerate() {
        if done.classes.len() == 3 {
            break;
        }
        let found = classes(data, &school.code)
            .await
            .map_err(crate::platform::store_error)?;
        let Some((grade, class)) = found
            .iter()
            .find(|(g, _)| (3..=6).contains(g))
            .or(found.first())
            .cloned()
        else {
            continue;
        };
        let label = class_label(grade, &class);
        let s = seat(data, &op, Some(&school.code), Some(&label))
            .await
            .map_err(refused)?;
        let Some(list) = junheng_app::labour::lists::effective_of(data, &school.code, required)
            .await
            .map_err(crate::platform::store_error)?
        else {
            continue;
        };
        let kids: Vec<StudentKey> = s.children.iter().map(|&c| StudentKey(c)).collect();
        let made = junheng_labour::synth::class_term(
            &kids,
            s.grade,
            &list,
            span.first,
            today,
            seed + n as u64,
        );
        // One entry per day, item and reporter: the children who did it together.
        let mut entries: std::collections::BTreeMap<_, NewEntry> =
            std::collections::BTreeMap::new();
        for r in made {
            entries
                .entry((r.day, r.item.clone(), r.reporter.id()))
                .or_insert_with(|| NewEntry {
                    day: r.day,
                    item: r.item.clone(),
                    minutes: r.minutes,
                    evidence: r.evidence.as_str().to_owned(),
                    reporter: r.reporter,
                    students: Vec::new(),
                })
                .students
                .push(r.student.0);
        }
        for e in entries.values_mut() {
            e.students.sort_unstable();
            e.students.dedup();
            done.records += enter(data, &op, &s, e, at).await.map_err(refused)?.len();
        }
        let mut monday = span.first.monday();
        let mut k = 0usize;
        while monday <= today {
            let w = week(
                data,
                &s,
                monday,
                keys,
                settings.passport.spot_check_per_mille,
                required,
            )
            .await
            .map_err(refused)?;
            for id in &w.spot.chosen {
                k += 1;
                let d = if k.is_multiple_of(10) {
                    Decision::Rejected
                } else {
                    Decision::Confirmed
                };
                let day = w.span.last.min(today);
                if decide(data, &op, &s, id.0, d, Context { today: day, ..at })
                    .await
                    .is_ok()
                {
                    done.checked += 1;
                }
            }
            monday = monday.plus(7);
        }
        for back in [7, 0] {
            let slips = issue(data, &op, &s, today.plus(-back), 14, at, || {
                t += 1;
                format!("{:016x}{:016x}", seed ^ 0x6c61_626f_7572, t)
            })
            .await
            .map_err(refused)?;
            for (i, slip) in slips.iter().enumerate() {
                if i % 5 == 4 {
                    continue; // some parents have not answered yet
                }
                let d = if i % 20 == 7 {
                    Decision::Rejected
                } else {
                    Decision::Confirmed
                };
                if answer(store, keys, &slip.token, d, today, required)
                    .await
                    .is_ok()
                {
                    done.answered += 1;
                }
            }
        }
        let ratings: Vec<(i64, [u8; 3])> = s
            .children
            .iter()
            .map(|&c| {
                let h = (c as u64).wrapping_mul(0x9E37_79B9) ^ seed;
                (
                    c,
                    [
                        3 + (h % 3) as u8,
                        3 + (h / 3 % 3) as u8,
                        2 + (h / 9 % 4) as u8,
                    ],
                )
            })
            .collect();
        rate(data, &op, &s, &ratings, today)
            .await
            .map_err(refused)?;
        let n_class = done.classes.len();
        compliance_inputs(data, &op, &s, span.first, today, n_class, &mut done).await?;
        done.classes.push(format!("{} {label}", school.code));
        schools.push(school.code.clone());
    }
    done.review = seed_review(data, keys, &schools, today, actor).await?;
    Ok(done)
}

/// The `n`-th working day before `day` (default calendar).
fn working_days_before(
    day: junheng_labour::calendar::Day,
    n: u32,
) -> junheng_labour::calendar::Day {
    let cal = junheng_labour::calendar::WorkCalendar::default();
    let mut d = day;
    let mut left = n;
    while left > 0 {
        d = d.plus(-1);
        if cal.is_working(d) {
            left -= 1;
        }
    }
    d
}

/// The review of this term through the school's and the district's operations: the first
/// school's whole cycle (every class's summary submitted, 公示 started 8 working days ago,
/// reviewed, exported today) with the district's audit sample drawn and two outcomes recorded;
/// the second school in its 公示 (started 2 working days ago).
async fn seed_review(
    data: &DistrictStore,
    keys: &junheng_store::StudentKeys,
    schools: &[junheng_core::school::SchoolCode],
    today: junheng_labour::calendar::Day,
    actor: &Actor,
) -> Result<Vec<String>, Failure> {
    use junheng_app::labour::records::{class_label, classes, seat};
    use junheng_app::labour::review::{Action, record_outcome, sample, step_review, submit_class};
    use junheng_store::labour::review::AuditOutcome;
    let settings = LabourSettings::default();
    let op = Caller::Operator(actor);
    let refused = crate::pairing::refused;
    let term = Term::of(today);
    let mut out = Vec::new();
    for (school, back) in schools.iter().zip([8u32, 2]) {
        for (g, c) in classes(data, school)
            .await
            .map_err(crate::platform::store_error)?
        {
            let s = seat(data, &op, Some(school), Some(&class_label(g, &c)))
                .await
                .map_err(refused)?;
            submit_class(data, &op, &s, term, &settings)
                .await
                .map_err(refused)?;
        }
        let start = working_days_before(today, back);
        let mut steps = vec![
            (Action::Summarise, start.plus(-1)),
            (Action::Publicise, start),
        ];
        if back > settings.review.publicity_working_days {
            steps.extend([(Action::Review, start.plus(2)), (Action::Export, today)]);
        }
        let mut state = None;
        for (action, on) in steps {
            state = Some(
                step_review(data, &op, Some(school), term, action, on, today, &settings)
                    .await
                    .map_err(refused)?,
            );
        }
        if let Some(state) = state {
            out.push(format!("{school} {}", state.label()));
        }
    }
    if let Some(school) = schools.first() {
        let drawn = sample(data, &op, keys, school, term, &settings)
            .await
            .map_err(refused)?;
        for (child, (outcome, note)) in drawn.sampled.iter().zip([
            (AuditOutcome::Match, ""),
            (AuditOutcome::Mismatch, "家长反馈与记录不一致，已请学校核实"),
        ]) {
            record_outcome(
                data,
                &op,
                keys,
                school,
                term,
                child.student,
                outcome,
                note,
                &settings,
            )
            .await
            .map_err(refused)?;
        }
        out.push(format!("{school} 区级抽查 {} 名", drawn.sampled.len()));
    }
    Ok(out)
}

/// The class's 劳动课 课时 from `first` to today (the second school misses every fourth week)
/// and, for the first two schools, the school year's 劳动周 (the third lacks it, and its stars
/// show why), generated by `junheng_labour::synth` and written as entries through the same
/// import as `/labour/compliance`.
async fn compliance_inputs(
    data: &DistrictStore,
    op: &Caller<'_>,
    s: &junheng_app::labour::records::ClassSeat,
    first: junheng_labour::calendar::Day,
    today: junheng_labour::calendar::Day,
    n: usize,
    done: &mut TermSeeded,
) -> Result<(), Failure> {
    use junheng_app::labour::{entered, import};
    use junheng_io::labour::{LessonRow, Records};
    let class = junheng_labour::ClassRef {
        school: s.school.clone(),
        class: s.label.clone(),
    };
    let missed = if n == 1 { 4 } else { 0 };
    let rows: Vec<LessonRow> = junheng_labour::synth::class_lessons(&class, first, today, missed)
        .into_iter()
        .map(|l| LessonRow {
            school: s.school.clone(),
            grade: s.grade,
            class: s.class.clone(),
            week: l.week,
            lessons: l.lessons,
        })
        .collect();
    done.lessons += rows.len();
    let refused = crate::pairing::refused;
    if !rows.is_empty() {
        import(data, op, &entered(Records::Lessons(rows)), "")
            .await
            .map_err(refused)?;
    }
    if n < 2 {
        let week = junheng_labour::synth::labour_week(&s.school, today.school_year());
        if week.span.last <= today {
            import(data, op, &entered(Records::Weeks(vec![week])), "")
                .await
                .map_err(refused)?;
            done.labour_weeks += 1;
        }
    }
    Ok(())
}

/// Tells where the demo's labour is.
pub(crate) fn print(done: &TermSeeded) {
    if done.classes.is_empty() {
        return;
    }
    println!(
        "劳动教育：{} 个班本学期 {} 条劳动记录，抽查 {} 条，家长通过一次性链接确认 {} 条（/labour/lists、/labour/class、/labour/students/…）：{}",
        done.classes.len(),
        done.records,
        done.checked,
        done.answered,
        done.classes.join("、")
    );
    if !done.review.is_empty() {
        println!(
            "劳动考评与公示（/labour/review）：{}",
            done.review.join("、")
        );
    }
    println!(
        "劳动课时 {} 条（班·周），{} 所学校登记了劳动周（/labour/compliance、/labour/stars）",
        done.lessons, done.labour_weeks
    );
}
