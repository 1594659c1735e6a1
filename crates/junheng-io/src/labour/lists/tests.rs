use super::*;

fn csv(body: &str) -> Vec<u8> {
    format!("项目编号,任务群,年级或学段,场所,内容,频次,次数,每次分钟,必做,安全提示,不采用\n{body}")
        .into_bytes()
}

#[test]
fn a_written_list_reads_back() {
    let mut list = junheng_labour::synth::district_list(1);
    list.removals.push(ItemCode::parse("Z-9").unwrap());
    let back = read(&write_list(&list), "清单.xlsx").unwrap();
    assert_eq!((back.items, back.removals), (list.items, list.removals));
}

#[test]
fn a_good_file_reads_items_and_removals() {
    let f = read(
        &csv("A-1,清洁与卫生,3年级,家庭,扫地,每周,2,15,是,,\nB-2,,,,,,,,,,是\n"),
        "校本.csv",
    )
    .unwrap();
    assert_eq!(f.items.len(), 1);
    assert_eq!(f.items[0].grades, Grades::Grade(Grade::new(3).unwrap()));
    assert_eq!(f.removals, vec![ItemCode::parse("B-2").unwrap()]);
    assert_eq!(f.rows[&ItemCode::parse("B-2").unwrap()], 3);
}

#[test]
fn every_problem_is_located() {
    let e = read(
        &csv("洗碗,清洁,第五学段,厨房,,每周,0,700,也许,,\nA-1,清洁与卫生,第二学段,家庭,扫地,每周,1,15,是,,\nA-1,清洁与卫生,第二学段,家庭,扫地,每周,1,15,是,,\n"),
        "区级.csv",
    )
    .unwrap_err();
    let codes: Vec<_> = e
        .issues
        .iter()
        .map(|i| (i.code, i.row, i.column.clone()))
        .collect();
    assert!(
        codes.contains(&(codes::CODE_INVALID, Some(2), Some(CODE.into()))),
        "{codes:?}"
    );
    let e = read(
        &csv("A-0,清洁,第五学段,厨房,,每周,0,700,也许,,\nA-1,清洁与卫生,第二学段,家庭,扫地,每周,1,15,是,,\nA-1,清洁与卫生,第二学段,家庭,扫地,每周,1,15,是,,\n"),
        "区级.csv",
    )
    .unwrap_err();
    let found: Vec<_> = e
        .issues
        .iter()
        .map(|i| (i.code, i.column.clone().unwrap_or_default()))
        .collect();
    for (code, column) in [
        (codes::WORD_INVALID, GROUP),
        (codes::WORD_INVALID, GRADES),
        (codes::WORD_INVALID, PLACE),
        (codes::REQUIRED_CELL_EMPTY, CONTENT),
        (codes::NUMBER_INVALID, TIMES),
        (codes::NUMBER_INVALID, MINUTES),
        (codes::WORD_INVALID, MANDATORY),
        (codes::DUPLICATE, CODE),
    ] {
        assert!(
            found.contains(&(code, column.to_owned())),
            "{code} {column}: {found:?}"
        );
    }
    assert_eq!(e.issues.last().unwrap().row, Some(4));
}
