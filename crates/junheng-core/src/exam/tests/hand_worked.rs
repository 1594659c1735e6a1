//! A tiny exam worked by hand: schools 甲 (classes (1)班, (2)班) and 乙 ((1)班), 12 students, two
//! 100-point papers (lines 85 / 70 / 60 / below 40), with 缺考, 免考, 作弊 and a missing row.
//!
//! | key | class | 语文 | 数学 |
//! |---|---|---|---|
//! | 1 | 甲(1) | 90 | 80 |
//! | 2 | 甲(1) | 70 | 60 |
//! | 3 | 甲(1) | 缺考 | 50 |
//! | 4 | 甲(1) | 50 | 30 |
//! | 5 | 甲(2) | 85 | 95 |
//! | 6 | 甲(2) | 免考 | 免考 |
//! | 7 | 甲(2) | 作弊 | 70 |
//! | 8 | 甲(2) | 60 | (no row) |
//! | 9 | 乙(1) | 40 | 40 |
//! | 10 | 乙(1) | 100 | 90 |
//! | 11 | 乙(1) | 30 | 20 |
//! | 12 | 乙(1) | 65 | 缺考 |

use super::super::{
    AbsentPolicy, CheatPolicy, Denominator, Mark, QualitySettings, RateMode, UnitLevel, composite,
    figures, student_card,
};
use super::{assert_close, exam_of, pts};

fn exam() -> super::super::Exam {
    let (a, e, c) = (Some(Mark::Absent), Some(Mark::Exempt), Some(Mark::Cheat));
    let rows = vec![
        ("甲", "(1)班", 1, vec![pts(90.0), pts(80.0)]),
        ("甲", "(1)班", 2, vec![pts(70.0), pts(60.0)]),
        ("甲", "(1)班", 3, vec![a, pts(50.0)]),
        ("甲", "(1)班", 4, vec![pts(50.0), pts(30.0)]),
        ("甲", "(2)班", 5, vec![pts(85.0), pts(95.0)]),
        ("甲", "(2)班", 6, vec![e, e]),
        ("甲", "(2)班", 7, vec![c, pts(70.0)]),
        ("甲", "(2)班", 8, vec![pts(60.0), None]),
        ("乙", "(1)班", 9, vec![pts(40.0), pts(40.0)]),
        ("乙", "(1)班", 10, vec![pts(100.0), pts(90.0)]),
        ("乙", "(1)班", 11, vec![pts(30.0), pts(20.0)]),
        ("乙", "(1)班", 12, vec![pts(65.0), a]),
    ];
    exam_of(&[("语文", 100), ("数学", 100)], &rows)
}

#[test]
fn chinese_under_the_defaults() {
    let f = figures(&exam(), &QualitySettings::default());
    let p = f.paper("语文").unwrap();
    let [a1, a2, b1] = [p.classes[0], p.classes[1], p.classes[2]];
    // 甲(1): scored 90, 70, 50 (key 3 absent): mean 70, SD √(800/3) = 16.3299…
    assert_eq!((a1.n, a1.denominator, a1.absent()), (3, 3, 1));
    assert_close(a1.mean(), 70.0);
    assert_close(a1.sd(), (800.0f64 / 3.0).sqrt());
    // Rates over 3: 优秀 {90}, 良好 {90, 70}, 及格 {90, 70}, 低分 none.
    assert_eq!(a1.hits, [1, 2, 2, 0]);
    assert_close(a1.rates().map(|r| r[0]), 1.0 / 3.0);
    // 参考率 = 3 sat / 4 enrolled.
    assert_close(a1.participation(), 0.75);
    // 甲(2): 85, 60 and the 作弊 as 0 (key 6 exempt): mean 145/3; 低分 {0}.
    assert_eq!((a2.n, a2.denominator, a2.hits), (3, 3, [1, 1, 2, 1]));
    assert_close(a2.mean(), 145.0 / 3.0);
    assert_close(a2.participation(), 1.0);
    assert_close(a2.min(), 0.0);
    // 乙(1): 40, 100, 30, 65: mean 58.75; 优秀 {100}, 及格 {100, 65}, 低分 {30}.
    assert_eq!(b1.hits, [1, 1, 2, 1]);
    assert_close(b1.mean(), 58.75);
    // Class ranks by mean: 甲(1) 70, 乙(1) 58.75, 甲(2) 48.33.
    assert_eq!([a1.rank, b1.rank, a2.rank], [Some(1), Some(2), Some(3)]);
    // 甲: 355/6 = 59.1667; pool: Σ 590 over 10 = 59; Σx² = 43 050 → var 4 305 − 3 481 = 824.
    let (a, b) = (p.schools[0], p.schools[1]);
    assert_close(a.mean(), 355.0 / 6.0);
    assert_close(p.all.mean(), 59.0);
    assert_close(p.all.sd(), 824f64.sqrt());
    assert_close(p.all.cv(), 824f64.sqrt() / 59.0);
    // Unit Z, T, 超均率 against the pool.
    assert_close(p.z(&a), (355.0 / 6.0 - 59.0) / 824f64.sqrt());
    assert_close(p.t(&b), 50.0 + 10.0 * (58.75 - 59.0) / 824f64.sqrt());
    assert_close(p.over_mean(&a), (355.0 / 6.0 - 59.0) / 59.0);
    assert_close(p.score_rate(&b), 0.5875);
    assert_eq!([a.rank, b.rank], [Some(1), Some(2)]);
    assert_eq!(p.units(UnitLevel::All)[0].rank, Some(1));
    // Pool sorted: 0 30 40 50 60 65 70 85 90 100. Type 7: Q1 h = 2.25 → 42.5; median h = 4.5
    // → 62.5; Q3 h = 6.75 → 70 + 0.75·15 = 81.25.
    let q = p.pool_box.unwrap();
    assert_eq!(
        (q.min, q.q1, q.median, q.q3, q.max),
        (0.0, 42.5, 62.5, 81.25, 100.0)
    );
    // 乙 sorted 30 40 65 100: Q1 h = 0.75 → 37.5; median h = 1.5 → 52.5; Q3 h = 2.25 → 73.75.
    let qb = p.boxes[1].unwrap();
    assert_eq!((qb.q1, qb.median, qb.q3), (37.5, 52.5, 73.75));
    // 区分度: n27 = ⌈2.7⌉ = 3; top 100 + 90 + 85 = 275, bottom 0 + 30 + 40 = 70 → 205/300.
    assert_close(p.discrimination, 205.0 / 300.0);
    // Bands of 10 points: 0 | 30 | 40 | 50 | 60 65 | 70 | 85 | 90 100.
    assert_eq!(p.all.histogram(), [1, 0, 0, 1, 1, 1, 2, 1, 1, 2]);
    // η² by school: SS_b = 6·(59.1667 − 59)² + 4·(58.75 − 59)² = 1/6 + 1/4; SS_t = 10·824.
    let sp = super::super::spread(&exam(), p);
    assert_close(sp.all.eta2, (1.0 / 6.0 + 0.25) / 8240.0);
}

#[test]
fn the_denominator_settings() {
    let exam = exam();
    let enrolled = QualitySettings {
        denominator: Denominator::Enrolled,
        ..QualitySettings::default()
    };
    let p = figures(&exam, &enrolled).papers[0].clone();
    // 甲(1) under 应考 with absent excluded: the mean stays 70, rates over 4.
    let a1 = p.classes[0];
    assert_eq!((a1.n, a1.denominator), (3, 4));
    assert_close(a1.mean(), 70.0);
    assert_close(a1.rates().map(|r| r[2]), 0.5);
    // 甲(2): 4 − 1 免考 = 3.
    assert_eq!(p.classes[1].denominator, 3);
    let zero = QualitySettings {
        absent: AbsentPolicy::Zero,
        ..enrolled.clone()
    };
    let a1 = figures(&exam, &zero).papers[0].classes[0];
    // The absent student counts as 0: mean 210/4, 低分 {0}.
    assert_eq!((a1.n, a1.denominator, a1.hits[3]), (4, 4, 1));
    assert_close(a1.mean(), 52.5);
    // Under 实考 the absence policy changes nothing.
    let sat_zero = QualitySettings {
        absent: AbsentPolicy::Zero,
        ..QualitySettings::default()
    };
    assert_close(figures(&exam, &sat_zero).papers[0].classes[0].mean(), 70.0);
    // 作弊 excluded: 甲(2) is 85 and 60 only; 参考率 still counts the sitting.
    let exclude = QualitySettings {
        cheat: CheatPolicy::Exclude,
        ..QualitySettings::default()
    };
    let a2 = figures(&exam, &exclude).papers[0].classes[1];
    assert_eq!((a2.n, a2.denominator), (2, 2));
    assert_close(a2.mean(), 72.5);
    assert_close(a2.participation(), 1.0);
    // 良好率 as a band: 甲(1) 良好 {70} only.
    let band = QualitySettings {
        rates: RateMode::Band,
        ..QualitySettings::default()
    };
    assert_eq!(
        figures(&exam, &band).papers[0].classes[0].hits,
        [1, 1, 2, 0]
    );
}

#[test]
fn maths_and_the_total() {
    let exam = exam();
    let f = figures(&exam, &QualitySettings::default());
    let m = f.paper("数学").unwrap();
    // 甲(2): 95 and 70 (key 6 exempt, key 8 no row): mean 82.5; one missing.
    assert_eq!((m.classes[1].n, m.classes[1].tally.missing), (2, 1));
    assert_close(m.classes[1].mean(), 82.5);
    // Pool: 80 60 50 30 95 70 40 90 20 → 535 / 9.
    assert_close(m.all.mean(), 535.0 / 9.0);
    // 总分 (全科参考, 作弊 as 0): keys 1 170, 2 130, 4 80, 5 180, 7 0 + 70, 9 80, 10 190,
    // 11 50; keys 3, 8, 12 absent, 6 exempt. Lines 170 / 140 / 120 / below 80.
    let t = f.paper("总分").unwrap();
    assert!(t.is_total);
    assert_eq!(t.full, 2000);
    assert_eq!(t.lines, [1700, 1400, 1200, 800]);
    assert_eq!((t.all.n, t.all.tally.exempt, t.all.absent()), (8, 1, 3));
    assert_close(t.all.mean(), 950.0 / 8.0);
    assert_eq!(t.all.hits, [3, 3, 4, 2]);
    assert_close(t.schools[0].mean(), 126.0);
    assert_close(t.schools[1].mean(), 320.0 / 3.0);
    // Under cheat = exclude key 7 has no 总分.
    let exclude = QualitySettings {
        cheat: CheatPolicy::Exclude,
        ..QualitySettings::default()
    };
    let t = figures(&exam, &exclude).papers[2].clone();
    assert_eq!((t.all.n, t.all.tally.cheat), (7, 1));
}

#[test]
fn a_students_card() {
    let exam = exam();
    let f = figures(&exam, &QualitySettings::default());
    let card = student_card(&exam, &f, exam.student_of(1).unwrap()).unwrap();
    let chinese = &card.lines[0];
    // 90 is first in 甲 (90 70 50 85 60 0) and second in the pool (after 100).
    assert_eq!((chinese.rank_in_school, chinese.school_n), (Some(1), 6));
    assert_eq!((chinese.rank_in_pool, chinese.pool_n), (Some(2), 10));
    assert_close(chinese.z, 31.0 / 824f64.sqrt());
    assert_close(chinese.t, 50.0 + 310.0 / 824f64.sqrt());
    // 总分 170: in 甲 (170 130 80 180 70) second; in the pool third (190, 180).
    let total = &card.lines[2];
    assert_eq!(
        (total.rank_in_school, total.rank_in_pool),
        (Some(2), Some(3))
    );
    let absent = student_card(&exam, &f, exam.student_of(3).unwrap()).unwrap();
    assert_eq!(
        (absent.lines[0].status, absent.lines[0].score),
        ("缺考", None)
    );
    let cheat = student_card(&exam, &f, exam.student_of(7).unwrap()).unwrap();
    assert_eq!(
        (cheat.lines[0].status, cheat.lines[0].score),
        ("作弊", Some(0.0))
    );
    assert_eq!(cheat.lines[0].rank_in_pool, Some(10));
    assert!(student_card(&exam, &f, 99).is_none());
}

#[test]
fn the_composite_rates_against_the_best() {
    let f = figures(&exam(), &QualitySettings::default());
    let p = f.paper("语文").unwrap();
    // 甲: mean 355/6, 优秀 2/6 (90, 85), 及格 4/6; 乙: 58.75, 1/4, 2/4.
    // 甲 is best on all three: 200. 乙: 58.75/(355/6)·60 + (1/4)/(1/3)·70 + (1/2)/(2/3)·70.
    let rows = composite(p, &QualitySettings::default().composite);
    assert_close(Some(rows[0].score), 200.0);
    let b = 58.75 / (355.0 / 6.0) * 60.0 + 0.75 * 70.0 + 0.75 * 70.0;
    assert_close(Some(rows[1].score), b);
    assert_eq!((rows[0].rank, rows[1].rank), (1, 2));
    assert_close(Some(rows[1].quality), b / 2.0);
}

#[test]
fn literacy_levels_by_school_and_pool() {
    let mut s = QualitySettings::default();
    s.levels.subjects.insert("语文".into(), [40.0, 60.0, 85.0]);
    let f = figures(&exam(), &s);
    assert!(f.paper("数学").unwrap().levels.is_none());
    let l = f.paper("语文").unwrap().levels.clone().unwrap();
    // 甲 90 70 50 85 60 0: Ⅰ {0}, Ⅱ {50}, Ⅲ {70, 60}, Ⅳ {90, 85}. 乙 40 100 30 65: one each.
    assert_eq!(l.schools[0].counts, [1, 1, 2, 2]);
    assert_eq!(l.schools[1].counts, [1, 1, 1, 1]);
    assert_eq!(l.all.counts, [2, 2, 3, 3]);
    assert_eq!(l.all.at_least_three(), Some(0.6));
    assert_eq!(l.labels[3], "水平Ⅳ");
    assert_eq!(l.cuts, [40.0, 60.0, 85.0]);
}
