//! The charts' promises: no text covers a bar or another text, everything stays inside the
//! drawing, for many generated inputs and in both languages; escaping, colours by meaning, the
//! table under each chart; English charts mark their Chinese data.

use proptest::prelude::*;

use super::*;

/// No placed text overlaps another text or a mark, and every text lies inside the drawing.
fn clear(d: &Drawing) -> Result<(), TestCaseError> {
    let bounds = Rect {
        x: 0.0,
        y: 0.0,
        w: d.width,
        h: d.height,
    };
    for (i, a) in d.labels.iter().enumerate() {
        prop_assert!(bounds.holds(a), "label {a:?} outside");
        for b in &d.labels[i + 1..] {
            prop_assert!(!a.overlaps(b), "labels {a:?} and {b:?} overlap");
        }
        for m in &d.marks {
            prop_assert!(!a.overlaps(m), "label {a:?} covers mark {m:?}");
        }
    }
    Ok(())
}

fn well_formed(html: &str) {
    assert!(
        html.starts_with("<figure") && html.ends_with("</figure>"),
        "{html}"
    );
    assert_eq!(
        html.matches("<text").count(),
        html.matches("</text>").count()
    );
    assert!(!html.contains("NaN") && !html.contains("inf"));
}

fn name() -> impl Strategy<Value = String> {
    prop::string::string_regex("[a-z0-9]{1,6}|[一-龥]{1,14}|[A-Za-z一-龥（）]{1,20}").unwrap()
}

fn lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Zh), Just(Lang::En)]
}

/// Whether `c` is Chinese (as the English pages' test counts it).
fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// `html` without the elements marked `lang="zh-CN"` (none of them holds another element of
/// its own name).
fn unmarked(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let gt = rest.find('>').expect("a closed tag");
        let tag = &rest[1..gt];
        if tag.contains(r#"lang="zh-CN""#) {
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let close = format!("</{name}>");
            let end = rest.find(&close).expect("a closed element");
            rest = &rest[end + close.len()..];
        } else {
            out.push_str(&rest[..=gt]);
            rest = &rest[gt + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// An English chart (or any HTML of an English page) shows Chinese only inside marked data.
pub(crate) fn english(html: &str) {
    let rest = unmarked(html);
    assert!(
        !rest.chars().any(is_chinese),
        "Chinese outside data: {rest}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn cv_bar_labels_never_overlap(
        rows in prop::collection::vec((name(), prop::option::weighted(0.9, 0.0f64..2.0), 0.05f64..1.0), 0..14),
        lang in lang(),
    ) {
        let bars: Vec<CvBar<'_>> = rows
            .iter()
            .map(|(label, cv, limit)| CvBar { label, cv: *cv, limit: *limit })
            .collect();
        let d = bars::layout(lang, &bars);
        clear(&d)?;
        // Every indicator keeps its name and its value.
        prop_assert!(d.labels.len() >= 2 * bars.len());
    }

    #[test]
    fn distribution_labels_never_overlap(
        values in prop::collection::vec((0.0f64..5000.0, any::<bool>()), 0..400),
        own in prop::option::of(0usize..400),
        standard in prop::option::of(0.0f64..5000.0),
        mean in 0.0f64..5000.0,
        unit in "|元|平方米|人",
        lang in lang(),
    ) {
        let points: Vec<Point<'_>> = values
            .iter()
            .enumerate()
            .map(|(i, (v, meets))| Point { label: Some("校"), value: *v, meets: *meets, own: own == Some(i) })
            .collect();
        let d = distribution::layout(lang, &points, &unit, standard, mean);
        clear(&d)?;
    }

    #[test]
    fn trend_labels_never_overlap(
        values in prop::collection::vec(0.0f64..1000.0, 0..12),
        limit in prop::option::of(0.0f64..1000.0),
        lang in lang(),
    ) {
        let points: Vec<(i32, f64)> = values.iter().enumerate().map(|(i, v)| (2015 + i as i32, *v)).collect();
        let d = trend::layout(lang, &points, "个", limit);
        clear(&d)?;
    }
}

#[test]
fn close_values_push_the_second_label_aside() {
    // A standard and a mean one hair apart: both named, one above the other.
    let points = [Point {
        label: Some("甲"),
        value: 3.0,
        meets: false,
        own: false,
    }];
    let d = distribution::layout(Lang::Zh, &points, "元", Some(4.0), 4.001);
    let svg = d.svg("分布");
    assert!(svg.contains("标准 4") && svg.contains("均值 4"), "{svg}");
    // In English too, the standard's longer name widening the gutter.
    let d = distribution::layout(Lang::En, &points, "元", Some(4000.0), 4000.1);
    let svg = d.svg("distribution");
    assert!(
        svg.contains(">Standard 4000<") && svg.contains(">Mean 4000<"),
        "{svg}"
    );
    // Trend values that coincide.
    let d = trend::layout(
        Lang::Zh,
        &[(2022, 5.0), (2023, 5.0), (2024, 5.0)],
        "个",
        Some(5.0),
    );
    assert_eq!(d.svg("t").matches(">5</text>").count(), 3);
    let d = trend::layout(Lang::En, &[(2022, 5.0)], "units", Some(1000.0));
    assert!(d.svg("t").contains(">Limit 1000</text>"));
}

#[test]
fn cv_bars_colour_by_meaning_escape_and_tabulate() {
    let html = cv_bars(
        Lang::Zh,
        "差异系数",
        &[
            CvBar {
                label: "骨干<教师>",
                cv: Some(0.62),
                limit: 0.5,
            },
            CvBar {
                label: "场馆",
                cv: Some(0.3),
                limit: 0.5,
            },
            CvBar {
                label: "设备",
                cv: None,
                limit: 0.5,
            },
        ],
    );
    well_formed(&html);
    assert!(html.contains("骨干&lt;教师&gt;"));
    assert!(html.contains(r#"class="bad""#) && html.contains(r#"class="good""#));
    assert!(html.contains("不可计算"));
    assert!(
        html.contains("<details") && html.contains("<td>0.620</td><td>0.5</td><td>未达标</td>")
    );
    assert!(html.contains("<figcaption>差异系数</figcaption>"));
    assert!(html.contains("差异系数（无单位"), "axis title");
}

#[test]
fn the_own_school_is_highlighted_and_named() {
    let points = [
        Point {
            label: Some("甲"),
            value: 3.0,
            meets: false,
            own: true,
        },
        Point {
            label: Some("乙"),
            value: 6.0,
            meets: true,
            own: false,
        },
        Point {
            label: None,
            value: 7.0,
            meets: true,
            own: false,
        },
    ];
    let html = distribution(Lang::Zh, "分布", "元", &points, Some(4.5), 3.3);
    well_formed(&html);
    assert!(html.contains(r#"class="bad own""#));
    assert!(html.contains(">本校</text>"));
    assert!(html.contains("甲（本校）"));
    assert!(
        html.find("甲 3").unwrap() < html.find("乙 6").unwrap(),
        "ascending"
    );
    assert!(html.contains("<td>（其他学校）</td>"), "{html}");
    let html = distribution(
        Lang::En,
        "<span lang=\"zh-CN\">分布</span>",
        "元",
        &points,
        Some(4.5),
        3.3,
    );
    well_formed(&html);
    english(&html);
    assert!(html.contains(">Your school</text>"), "{html}");
    assert!(
        html.contains(r#"<span lang="zh-CN">甲</span> (your school)</td>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"Value (<tspan lang="zh-CN">元</tspan>)</text>"#),
        "{html}"
    );
    assert!(html.contains("<td>(another school)</td>"), "{html}");
}

#[test]
fn long_names_are_cut_to_their_gutter() {
    let cut = bars::fit("每百名学生拥有县级以上骨干教师数（含省市级）", 100.0);
    assert!(cut.ends_with('…'));
    assert!(text_width(&cut, FONT) <= 100.0);
    assert_eq!(bars::fit("场馆", 100.0), "场馆");
}

#[test]
fn edge_cases_stay_well_formed() {
    for lang in [Lang::Zh, Lang::En] {
        well_formed(&trend(lang, "趋势", "个", &[(2024, 0.3)], Some(0.5)));
        well_formed(&trend(lang, "趋势", "个", &[], None));
        well_formed(&distribution(lang, "分布", "", &[], None, 0.0));
        well_formed(&cv_bars(lang, "差异系数", &[]));
        well_formed(&map(lang, "地图", None, &[]));
    }
}

#[test]
fn english_charts_mark_their_data_and_say_the_rest_in_english() {
    let bars = [
        CvBar {
            label: "骨干教师",
            cv: Some(0.62),
            limit: 0.5,
        },
        CvBar {
            label: "设备",
            cv: None,
            limit: 0.5,
        },
    ];
    let html = cv_bars(Lang::En, "<span lang=\"zh-CN\">小学</span> CVs", &bars);
    well_formed(&html);
    english(&html);
    assert!(
        html.contains(r#"class="name" lang="zh-CN">骨干教师</text>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<td lang="zh-CN">骨干教师</td><td>0.620</td><td>0.5</td><td>fails</td>"#)
    );
    assert!(html.contains("<summary>Data table</summary>"));
    let html = trend(
        Lang::En,
        "Failing units per school year",
        "units",
        &[(2023, 2.0), (2024, 1.0)],
        None,
    );
    well_formed(&html);
    english(&html);
    assert!(
        html.contains("<title>School year 2024: 1 units</title>"),
        "{html}"
    );
    assert!(!unmarked(r#"<p>a <span lang="zh-CN">甲</span> b</p>"#).contains('甲'));
}

#[test]
fn the_map_draws_the_boundary_under_the_schools_and_thins_dense_outlines() {
    use junheng_core::geo::{Boundary, Extent, Projection, Shape, Township};
    let outline = junheng_core::demo::boundary(5);
    let dense: Vec<[f64; 2]> = (0..=20_000)
        .map(|i| {
            let a = f64::from(i) / 20_000.0 * std::f64::consts::TAU;
            [106.5 + 0.2 * a.cos(), 29.5 + 0.2 * a.sin()]
        })
        .collect();
    let shape = Shape {
        polygons: vec![vec![dense]],
    };
    let project = Projection::fit(Extent::of(shape.positions()), 720.0, 540.0, 20.0);
    let drawn = map::path(&shape, &project).matches('L').count();
    assert!(drawn > 100 && drawn < 4000, "{drawn} segments");
    let boundary = Boundary {
        district: outline.district.clone(),
        townships: vec![Township {
            name: "甲<镇>".into(),
            shape: outline.district.clone(),
        }],
    };
    let sites = [
        Site {
            code: "5001",
            name: "本校",
            verdict: "达标",
            href: "/schools/5001",
            longitude: 106.55,
            latitude: 29.56,
            passes: true,
            own: true,
        },
        Site {
            code: "5002",
            name: "邻校",
            verdict: "未达标",
            href: "/schools/5002",
            longitude: 106.6,
            latitude: 29.6,
            passes: false,
            own: false,
        },
    ];
    let html = map(Lang::Zh, "地图", Some(&boundary), &sites);
    well_formed(&html);
    let district = html.find(r#"class="district""#).unwrap();
    let township = html.find("<title>甲&lt;镇&gt;</title>").unwrap();
    let neighbour = html.find("5002 邻校").unwrap();
    let own = html.find("5001 本校").unwrap();
    assert!(
        district < township && township < neighbour && neighbour < own,
        "own school on top"
    );
    assert!(html.contains(r#"r="8" class="good own""#) && html.contains(r#"r="5" class="bad""#));
    assert!(html.contains("乡镇（街道）边界</li>") && html.contains("本校</li>"));
    let sites = [
        Site {
            verdict: "passes",
            ..sites[0]
        },
        Site {
            verdict: "fails",
            ..sites[1]
        },
    ];
    let html = map(Lang::En, "Map", Some(&boundary), &sites);
    well_formed(&html);
    english(&html);
    assert!(
        html.contains(r#"<title>5002 <span lang="zh-CN">邻校</span> (fails)</title>"#),
        "{html}"
    );
    assert!(
        html.contains(r#">5002 <tspan lang="zh-CN">邻校</tspan> (fails)</text>"#),
        "{html}"
    );
    assert!(html.contains(r#"<title><span lang="zh-CN">甲&lt;镇&gt;</span></title>"#));
}
