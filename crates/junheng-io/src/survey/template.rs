//! The blank template of a group's export: the online survey's columns and one column per
//! question, no answer (a template's example rows would count as responses), and a sheet
//! explaining each question's options.

use junheng_core::survey::Group;

use super::wjx::DROPPED;
use crate::table::write::{Sheet, V, t, xlsx};

/// The template of `group` (.xlsx).
pub fn write_template(group: &Group) -> Vec<u8> {
    let mut headers: Vec<String> = DROPPED.iter().map(|h| (*h).to_owned()).collect();
    headers.extend(
        group
            .questions
            .iter()
            .map(|q| format!("{}、{}", q.no, q.text)),
    );
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let answers = Sheet::new("答卷", &refs, Vec::new());
    let rows: Vec<Vec<V>> = group
        .questions
        .iter()
        .map(|q| {
            vec![
                V::N(q.no as f64),
                t(&q.text),
                t(&q.options
                    .iter()
                    .map(|o| format!("{}（{}）", o.label, o.stance.label()))
                    .collect::<Vec<_>>()
                    .join("、")),
                t(if q.counts {
                    "计入"
                } else {
                    "不计入（辅助题）"
                }),
            ]
        })
        .collect();
    let guide = Sheet::new(
        "说明",
        &["题号", "题目", "选项（认可情况）", "是否计入认可度"],
        rows,
    );
    xlsx(&[answers, guide]).expect("a template of text cells is written")
}
