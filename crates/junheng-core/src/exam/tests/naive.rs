//! Every figure of a random exam against a naive computation straight from the marks, in `f64`
//! with two passes, under every combination of the settings.

use super::super::{
    AbsentPolicy, CheatPolicy, Denominator, Exam, Mark, QualitySettings, RateMode, figures,
};
use super::{close, exam_of};
use crate::demo::Rng;

pub(super) fn random_exam(seed: u64, schools: usize, papers: usize) -> Exam {
    let mut rng = Rng::new(seed);
    let fulls = [150u16, 100, 120, 60];
    let names = ["语文", "数学", "英语", "科学"];
    let spec: Vec<(&str, u16)> = (0..papers).map(|p| (names[p], fulls[p])).collect();
    let mut rows = Vec::new();
    let mut key = 0u128;
    for s in 0..schools {
        let effect = rng.range(-0.2, 0.2);
        for c in 0..rng.int(1, 3) {
            for _ in 0..rng.int(1, 40) {
                key += 1 + u128::from(rng.int(0, 3));
                let marks: Vec<Option<Mark>> = spec
                    .iter()
                    .map(|&(_, full)| {
                        let u = rng.unit();
                        if u < 0.05 {
                            Some(Mark::Absent)
                        } else if u < 0.08 {
                            Some(Mark::Exempt)
                        } else if u < 0.10 {
                            Some(Mark::Cheat)
                        } else if u < 0.12 {
                            None
                        } else {
                            let share = (0.65 + effect + rng.range(-0.5, 0.5)).clamp(0.0, 1.0);
                            let t = (share * f64::from(full) * 2.0).round() * 5.0;
                            Some(Mark::Score(super::super::Tenths(t as u16)))
                        }
                    })
                    .collect();
                rows.push((format!("S{s:02}"), format!("({})班", c + 1), key, marks));
            }
        }
    }
    let rows: Vec<(&str, &str, u128, Vec<Option<Mark>>)> = rows
        .iter()
        .map(|(s, c, k, m)| (s.as_str(), c.as_str(), *k, m.clone()))
        .collect();
    exam_of(&spec, &rows)
}

/// Naive figures of one set of cells: (n, denominator, mean, sd, hits, participation).
fn naive(
    marks: &[Option<Mark>],
    lines: [u32; 4],
    s: &QualitySettings,
) -> (u32, u32, Option<f64>, Option<f64>, [u32; 4], Option<f64>) {
    let absent_zero = s.denominator == Denominator::Enrolled && s.absent == AbsentPolicy::Zero;
    let mut values = Vec::new();
    let (mut roster, mut exempt, mut cheat, mut scored, mut sat_cheat) = (0, 0, 0, 0, 0);
    for m in marks {
        roster += 1;
        match m {
            Some(Mark::Score(t)) => {
                scored += 1;
                values.push(u32::from(t.0));
            }
            Some(Mark::Exempt) => exempt += 1,
            Some(Mark::Cheat) => {
                cheat += 1;
                if s.cheat == CheatPolicy::Zero {
                    values.push(0);
                    sat_cheat += 1;
                }
            }
            Some(Mark::Absent) | None => {
                if absent_zero {
                    values.push(0);
                }
            }
        }
    }
    let n = values.len() as u32;
    let denominator = match s.denominator {
        Denominator::Sat => scored + sat_cheat,
        Denominator::Enrolled => roster - exempt - (cheat - sat_cheat),
    };
    let mean = (n > 0).then(|| values.iter().map(|&v| f64::from(v)).sum::<f64>() / f64::from(n));
    let sd = mean.map(|m| {
        (values
            .iter()
            .map(|&v| (f64::from(v) - m).powi(2))
            .sum::<f64>()
            / f64::from(n))
        .sqrt()
            / 10.0
    });
    let count = |f: &dyn Fn(u32) -> bool| values.iter().filter(|&&v| f(v)).count() as u32;
    let exc = count(&|v| v >= lines[0]);
    let good = count(&|v| v >= lines[1]) - if s.rates == RateMode::Band { exc } else { 0 };
    let hits = [
        exc,
        good,
        count(&|v| v >= lines[2]),
        count(&|v| v < lines[3]),
    ];
    let enrolled = roster - exempt;
    let participation = (enrolled > 0).then(|| f64::from(scored + cheat) / f64::from(enrolled));
    (
        n,
        denominator,
        mean.map(|m| m / 10.0),
        sd,
        hits,
        participation,
    )
}

#[test]
fn every_school_and_class_matches_a_naive_computation() {
    let exam = random_exam(11, 9, 3);
    for denominator in [Denominator::Sat, Denominator::Enrolled] {
        for absent in [AbsentPolicy::Exclude, AbsentPolicy::Zero] {
            for cheat in [CheatPolicy::Zero, CheatPolicy::Exclude] {
                for rates in [RateMode::Cumulative, RateMode::Band] {
                    let s = QualitySettings {
                        denominator,
                        absent,
                        cheat,
                        rates,
                        ..QualitySettings::default()
                    };
                    check(&exam, &s);
                }
            }
        }
    }
}

fn check(exam: &Exam, s: &QualitySettings) {
    let f = figures(exam, s);
    for (p, paper) in f.papers.iter().take(exam.papers().len()).enumerate() {
        let spec = &exam.papers()[p];
        let l = spec.lines;
        let lines = [l.excellent.0, l.good.0, l.pass.0, l.low.0].map(u32::from);
        let cells = exam.cells(p);
        let unit = |range: std::ops::Range<usize>| -> Vec<Option<Mark>> {
            cells[range].iter().map(|c| c.mark()).collect()
        };
        let mut units: Vec<(super::super::UnitFigures, Vec<Option<Mark>>)> = Vec::new();
        for (c, u) in paper.classes.iter().enumerate() {
            units.push((*u, unit(exam.class_range(c as u32))));
        }
        for (sch, u) in paper.schools.iter().enumerate() {
            units.push((*u, unit(exam.school_range(sch as u32))));
        }
        units.push((paper.all, unit(0..exam.students())));
        for (u, marks) in units {
            let (n, den, mean, sd, hits, part) = naive(&marks, lines, s);
            assert_eq!((u.n, u.denominator, u.hits), (n, den, hits), "{s:?}");
            assert_eq!(u.mean().is_some(), mean.is_some());
            if let (Some(a), Some(b)) = (u.mean(), mean) {
                assert!(close(a, b), "mean {a} vs {b}");
                let (x, y) = (u.sd().unwrap(), sd.unwrap());
                assert!(close(x, y), "sd {x} vs {y}");
            }
            assert_eq!(u.participation().is_some(), part.is_some());
            if let (Some(a), Some(b)) = (u.participation(), part) {
                assert!(close(a, b));
            }
        }
    }
}

#[test]
fn results_do_not_depend_on_the_cores_or_the_chunks() {
    let exam = random_exam(3, 12, 2);
    let s = QualitySettings::default();
    let f = figures(&exam, &s);
    // Classes sum to schools, schools to the pool.
    for paper in &f.papers {
        let mut sum = super::super::Tally::default();
        for c in &paper.classes {
            sum.merge(&c.tally);
        }
        assert_eq!(sum, paper.all.tally);
        let n: u64 = paper.hist.iter().sum();
        assert_eq!(n, u64::from(paper.all.n));
    }
    assert_eq!(figures(&exam, &s), f);
}

#[test]
fn the_total_column_is_each_students_total_code() {
    use super::super::tally::{total_code, total_column};
    // Past one block of students, with every status and students without a row.
    let exam = random_exam(5, 400, 4);
    assert!(exam.students() > 4096);
    let columns: Vec<&[super::super::Cell]> = (0..4).map(|p| exam.cells(p)).collect();
    let fulls: Vec<u16> = exam.papers().iter().map(|p| p.full.0).collect();
    for cheat in [CheatPolicy::Zero, CheatPolicy::Exclude] {
        let s = QualitySettings {
            cheat,
            ..QualitySettings::default()
        };
        let (column, full) = total_column(&exam, &s);
        assert_eq!(full, fulls.iter().map(|&f| u32::from(f)).sum::<u32>());
        for (i, &code) in column.iter().enumerate() {
            let zero = cheat == CheatPolicy::Zero;
            assert_eq!(code, total_code(&columns, &fulls, full, zero, i), "row {i}");
        }
    }
}
