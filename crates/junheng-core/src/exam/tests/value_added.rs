//! Value added: a hand-worked case, residuals summing to zero, and a shifted school.

use super::super::keys::{key_index, match_students, same_roster};
use super::super::tally::total_column;
use super::super::value_added::VaSubjects;
use super::super::{
    Cell, Exam, Mark, QualitySettings, Tenths, VaBand, ValueAdded, ValueAddedMethod, analyse_all,
    rolling_mean, value_added,
};
use super::naive::random_exam;
use super::{assert_close, exam_of, pts};
use crate::demo::Rng;

/// School P: a (x 40 → y 50), b (60 → 60), and e in the output only (55); school Q: c (50 → 40),
/// d (70 → 70).
fn pair() -> (super::super::Exam, super::super::Exam) {
    let input = exam_of(
        &[("数学", 100)],
        &[
            ("P", "(1)班", 1, vec![pts(40.0)]),
            ("P", "(1)班", 2, vec![pts(60.0)]),
            ("Q", "(1)班", 3, vec![pts(50.0)]),
            ("Q", "(1)班", 4, vec![pts(70.0)]),
        ],
    );
    let output = exam_of(
        &[("数学", 100)],
        &[
            ("P", "(1)班", 1, vec![pts(50.0)]),
            ("P", "(1)班", 2, vec![pts(60.0)]),
            ("P", "(1)班", 5, vec![pts(55.0)]),
            ("Q", "(1)班", 3, vec![pts(40.0)]),
            ("Q", "(1)班", 4, vec![pts(70.0)]),
        ],
    );
    (input, output)
}

#[test]
fn a_hand_worked_residual_fit() {
    let (input, output) = pair();
    let mut s = QualitySettings::default();
    s.value_added.min_coverage = 0.5;
    let va = value_added(&input, &output, &s);
    let m = &va.subjects[0];
    // Matched: a b c d. x̄ = ȳ = 55; deviations x −15 5 −5 15, y −5 5 −15 15; Σdx² = Σdy² =
    // 500 (SD √125); Σdxdy = 75 + 25 + 75 + 225 = 400 → r = 0.8 = b.
    assert_close(m.r, 0.8);
    // Residuals (dy − 0.8·dx)/√125: a 7, b 1, c −11, d 3 (÷ √125); Σ = 0.
    // P: (7 + 1)/2/√125 = 4/√125 = 0.35777; Q: −0.35777.
    let root = 125f64.sqrt();
    assert_close(m.schools[0].va, 4.0 / root);
    assert_close(m.schools[1].va, -4.0 / root);
    // Σr² = 180/125 = 1.44 = N(1 − r²); s = √(1.44/2) = 0.8485; SE = s/√2 = 0.6.
    assert_close(m.s, 0.72f64.sqrt());
    assert_close(m.schools[0].se, 0.6);
    // P: output 3 scored, 2 matched → coverage 2/3 ≥ 0.5 → banded; |0.358| < 1.96·0.6.
    assert_eq!((m.schools[0].output, m.schools[0].matched), (3, 2));
    assert_close(m.schools[0].coverage, 2.0 / 3.0);
    assert_eq!(m.schools[0].band, Some(VaBand::Level));
    assert_eq!(m.schools[0].band.unwrap().label(), "无显著差异");
    // At the default 80 % the same school is shown without a band.
    let m = value_added(&input, &output, &QualitySettings::default()).subjects[0].clone();
    assert!(!m.schools[0].sufficient);
    assert_eq!(m.schools[0].band, None);
    assert!(m.schools[0].va.is_some());
    // Gain: P ((−5 + 15) + (5 − 5))/2/√125 = 5/√125; Q −5/√125.
    s.value_added.method = ValueAddedMethod::Gain;
    let g = value_added(&input, &output, &s);
    assert_close(g.subjects[0].schools[0].va, 5.0 / root);
    assert_close(g.subjects[0].schools[1].va, -5.0 / root);
    // Pooled, everything sums to zero.
    assert_close(g.subjects[0].all.va.map(|v| v + 1.0), 1.0);
}

/// A cohort in 20 schools; `shift` points added to school 0's output.
fn cohort(shift: f64) -> (super::super::Exam, super::super::Exam) {
    let mut rng = Rng::new(42);
    let (mut rows_in, mut rows_out) = (Vec::new(), Vec::new());
    for s in 0..20 {
        for k in 0..60u128 {
            let key = s as u128 * 1000 + k;
            let ability = rng.range(20.0, 120.0);
            let x = (ability + rng.range(-10.0, 10.0)).clamp(0.0, 150.0).round();
            let mut y = (ability + rng.range(-10.0, 10.0)).clamp(0.0, 140.0).round();
            if s == 0 {
                y += shift;
            }
            let school = format!("S{s:02}");
            rows_in.push((
                school.clone(),
                key,
                Mark::Score(Tenths::from_f64(x).unwrap()),
            ));
            rows_out.push((school, key, Mark::Score(Tenths::from_f64(y).unwrap())));
        }
    }
    let build = |rows: &[(String, u128, Mark)]| {
        let rows: Vec<_> = rows
            .iter()
            .map(|(s, k, m)| (s.as_str(), "(1)班", *k, vec![Some(*m)]))
            .collect();
        exam_of(&[("数学", 150)], &rows)
    };
    (build(&rows_in), build(&rows_out))
}

#[test]
fn residuals_sum_to_zero_and_a_shift_shows() {
    let (input, output) = cohort(0.0);
    let s = QualitySettings::default();
    let base = value_added(&input, &output, &s).subjects[0].clone();
    let weighted: f64 = base
        .schools
        .iter()
        .map(|u| f64::from(u.matched) * u.va.unwrap())
        .sum();
    assert!(weighted.abs() < 1e-9, "Σ n·VA = {weighted}");
    // School 0 shifted by δ = 10 points on the output: its VA rises by about δ / SD_out
    // relative to the others.
    let (input, shifted) = cohort(10.0);
    let after = value_added(&input, &shifted, &s).subjects[0].clone();
    let f = super::super::figures(&shifted, &s);
    let sd_out = f.papers[0].all.sd().unwrap();
    let rise = (after.schools[0].va.unwrap() - base.schools[0].va.unwrap())
        - (after.schools[1..]
            .iter()
            .map(|u| u.va.unwrap())
            .sum::<f64>()
            - base.schools[1..].iter().map(|u| u.va.unwrap()).sum::<f64>())
            / 19.0;
    let expected = 10.0 / sd_out;
    assert!(
        (rise - expected).abs() < 0.05 * expected,
        "{rise} vs {expected}"
    );
    assert_eq!(after.schools[0].band, Some(VaBand::Above));
    // analyse_all gives the same.
    let a = analyse_all(&[input, shifted], &s, &[(0, 1), (5, 0)]);
    assert_eq!(a.value_added.len(), 1);
    assert_eq!(a.value_added[0].1.subjects[0], after);
}

#[test]
fn the_rolling_mean_takes_the_last_three_years() {
    assert_eq!(
        rolling_mean(&[Some(1.0), Some(2.0), Some(3.0), Some(4.0)]),
        Some(3.0)
    );
    assert_eq!(rolling_mean(&[Some(1.0), None, None, None]), None);
    assert_eq!(rolling_mean(&[None, Some(0.5)]), Some(0.5));
    assert_eq!(super::super::VALUE_ADDED_CAVEATS.len(), 4);
}

#[test]
fn a_teachers_value_added_pools_their_classes() {
    let (input, output) = pair();
    let teach = |class: u32, teacher: &str| super::super::Teaching {
        class,
        paper: 0,
        teacher: teacher.to_owned(),
    };
    // T1 teaches 数学 in P's only class and in Q's: one unit at each school, each equal to the
    // school's (the same students); T2 teaches nothing of this exam's papers.
    let output = output.with_teaching(vec![teach(0, "T1"), teach(1, "T1")]);
    let va = value_added(&input, &output, &QualitySettings::default());
    let m = &va.subjects[0];
    let units: Vec<(u32, &str, &[u32])> = m
        .teachers
        .iter()
        .map(|t| (t.school, t.teacher.as_str(), t.classes.as_slice()))
        .collect();
    assert_eq!(units, [(0, "T1", &[0][..]), (1, "T1", &[1][..])]);
    assert_eq!(m.teachers[0].unit, m.schools[0]);
    assert_eq!(m.teachers[1].unit, m.schools[1]);
    assert_close(m.teachers[0].unit.va, 4.0 / 125f64.sqrt());
    assert!(
        va.subjects.iter().all(|s| s.subject == "数学"),
        "one paper, no 总分"
    );
    // P's students in two classes, both T1's: T1's unit is P's, each class its own.
    let split = exam_of(
        &[("数学", 100)],
        &[
            ("P", "(1)班", 1, vec![pts(50.0)]),
            ("P", "(2)班", 2, vec![pts(60.0)]),
            ("P", "(2)班", 5, vec![pts(55.0)]),
            ("Q", "(1)班", 3, vec![pts(40.0)]),
            ("Q", "(1)班", 4, vec![pts(70.0)]),
        ],
    )
    .with_teaching(vec![teach(0, "T1"), teach(1, "T1"), teach(2, "T2")]);
    let m = value_added(&input, &split, &QualitySettings::default()).subjects[0].clone();
    assert_eq!(m.teachers.len(), 2);
    assert_eq!(m.teachers[0].classes, [0, 1]);
    assert_eq!(m.teachers[0].unit, m.schools[0]);
    assert_ne!(m.classes[0], m.schools[0]);
    assert_eq!(m.teachers[1].unit, m.schools[1]);
}

/// `exam`'s roster with other keys, and its papers' cells rotated by one (other scores, some
/// above a paper's full marks, every status).
fn rekeyed(exam: &Exam, keys: Vec<u128>) -> Exam {
    let papers = exam.papers().len();
    let cells: Vec<Cell> = (0..papers)
        .flat_map(|p| exam.cells((p + 1) % papers).to_vec())
        .collect();
    Exam::from_columns(
        exam.papers().to_vec(),
        exam.schools().to_vec(),
        exam.classes().to_vec(),
        exam.class_of().to_vec(),
        keys,
        cells,
    )
}

/// Value added through the hash join of the keys (`row_for_row`: through no map at all).
fn value_added_by(input: &Exam, output: &Exam, row_for_row: bool) -> ValueAdded {
    let s = QualitySettings::default();
    let map = match_students(&key_index(input), &key_index(output), output.students());
    let totals = (total_column(input, &s), total_column(output, &s));
    let map = (!row_for_row).then_some(&map[..]);
    let subjects = VaSubjects::new(input, output, map, &s, Some((&totals.0, &totals.1)));
    ValueAdded {
        subjects: (0..subjects.len()).map(|k| subjects.subject(k)).collect(),
    }
}

#[test]
fn the_same_roster_matches_row_for_row_as_the_join_would() {
    let input = random_exam(21, 30, 4);
    let output = rekeyed(&input, input.keys().to_vec());
    assert!(input.keys_unique() && same_roster(&input, &output));
    let joined = value_added_by(&input, &output, false);
    assert_eq!(joined.subjects.len(), 5);
    assert_eq!(value_added_by(&input, &output, true), joined);
    let s = QualitySettings::default();
    assert_eq!(value_added(&input, &output, &s), joined);
    let all = analyse_all(&[input, output], &s, &[(0, 1)]);
    assert_eq!(all.value_added[0].1, joined);
}

#[test]
fn other_rosters_are_joined_as_before() {
    let input = random_exam(22, 30, 4);
    let s = QualitySettings::default();
    // The same keys in another order: joined.
    let mut reversed = input.keys().to_vec();
    reversed.reverse();
    let output = rekeyed(&input, reversed);
    assert!(output.keys_unique() && !same_roster(&input, &output));
    let joined = value_added_by(&input, &output, false);
    assert_eq!(value_added(&input, &output, &s), joined);
    assert_ne!(value_added_by(&input, &output, true), joined);
    // A key repeated in both rosters: the join matches both rows to the first, which row for
    // row would not; the rosters' keys are equal, yet they are joined.
    let scored = |e: &Exam, i: usize| e.cells(0)[i].score();
    let twin = (1..input.students())
        .find(|&i| scored(&input, i).is_some() && scored(&input, i) != scored(&input, 0))
        .expect("two different scores");
    assert!(scored(&input, 0).is_some());
    let mut keys = input.keys().to_vec();
    keys[twin] = keys[0];
    let (input, output) = (rekeyed(&input, keys.clone()), rekeyed(&input, keys));
    assert!(!input.keys_unique() && input.keys() == output.keys());
    assert!(!same_roster(&input, &output));
    let joined = value_added_by(&input, &output, false);
    assert_eq!(value_added(&input, &output, &s), joined);
    let all = analyse_all(&[input.clone(), output.clone()], &s, &[(0, 1)]);
    assert_eq!(all.value_added[0].1, joined);
    assert_ne!(value_added_by(&input, &output, true), joined);
}
