//! A school is in one group at a time: the overlap sweep.

use super::*;

#[test]
fn a_school_is_in_one_group_at_a_time() {
    let groups = &[OK_GROUP, &["人民路小学集团"][..]];
    let a = &["巴蜀小学教育集团", "5001120002", "2019-09-01", ""][..];
    let b = &["人民路小学集团", "5001120002", "2022-09-01", ""][..];
    let i = only(&file(groups, &[a, b]));
    located(
        &i,
        codes::MEMBER_OVERLAP,
        "成员",
        3,
        "加入日期",
        Some("2022-09-01"),
    );
    for w in [
        "5001120002",
        "第 2 行",
        "巴蜀小学教育集团",
        "人民路小学集团",
        "2019-09-01 起至今",
        "一所学校同一时间只属于一个集团",
    ] {
        assert!(i.message.contains(w), "{w} not in {}", i.message);
    }
    // The same school twice in one group overlaps too; the later-joined line is reported.
    let again = &["巴蜀小学教育集团", "5001120002", "2020-09-01", "2021-09-01"][..];
    let i = only(&file(groups, &[again, a]));
    located(
        &i,
        codes::MEMBER_OVERLAP,
        "成员",
        2,
        "加入日期",
        Some("2020-09-01"),
    );
    // Leaving on the day one joins another group is no overlap.
    let left = &["巴蜀小学教育集团", "5001120002", "2019-09-01", "2022-09-01"][..];
    let read = read_groups(&file(groups, &[left, b]), "a.xlsx", &kinds()).unwrap();
    assert_eq!(read.members.len(), 2);
}

/// Every row a sweep reports: those overlapping any line of their school joined before them.
fn overlapping_rows(lines: &[(usize, u8, u32, Option<u32>)]) -> Vec<usize> {
    let groups: Vec<&[&str]> = vec![OK_GROUP];
    let rows: Vec<[String; 4]> = lines
        .iter()
        .map(|(_, school, joined, left)| {
            let day = |d: u32| format!("2020-{:02}-{:02}", 1 + d / 28, 1 + d % 28);
            [
                "巴蜀小学教育集团".to_owned(),
                format!("500112000{school}"),
                day(*joined),
                left.map(day).unwrap_or_default(),
            ]
        })
        .collect();
    let members: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let refs: Vec<&[&str]> = members.iter().map(Vec::as_slice).collect();
    match read_groups(&file(&groups, &refs), "a.xlsx", &kinds()) {
        Ok(_) => Vec::new(),
        Err(f) => {
            assert!(f.issues.iter().all(|i| i.code == codes::MEMBER_OVERLAP));
            f.issues.iter().filter_map(|i| i.row).collect()
        }
    }
}

#[test]
fn the_overlap_sweep_finds_what_comparing_every_pair_finds() {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: u32| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % u64::from(n)) as u32
    };
    let (mut with, mut without) = (0, 0);
    for _ in 0..40 {
        let lines: Vec<(usize, u8, u32, Option<u32>)> = (0..2 + next(6) as usize)
            .map(|k| {
                let joined = next(250);
                let left = (next(3) > 0).then(|| joined + 1 + next(80));
                (k + 2, next(3) as u8, joined, left)
            })
            .collect();
        let overlaps = |a: &(usize, u8, u32, Option<u32>), b: &(usize, u8, u32, Option<u32>)| {
            a.1 == b.1 && a.3.is_none_or(|e| e > b.2) && b.3.is_none_or(|e| e > a.2)
        };
        // A line is reported when it overlaps a line joined before it (or on the same day,
        // above it).
        let expected: Vec<usize> = lines
            .iter()
            .filter(|m| {
                lines
                    .iter()
                    .any(|p| (p.2, p.0) < (m.2, m.0) && overlaps(p, m))
            })
            .map(|m| m.0)
            .collect();
        assert_eq!(overlapping_rows(&lines), expected, "{lines:?}");
        if expected.is_empty() {
            without += 1;
        } else {
            with += 1;
        }
    }
    assert!(
        with > 5 && without > 5,
        "{with} with overlaps, {without} without"
    );
}
