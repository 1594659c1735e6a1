//! The default 自评报告 template: what a district downloads, edits (wording, letterhead, fonts)
//! and uploads back, made by [`write`](super::write) like any report.

use super::{Block, Core, Cover, Document, Footer, Paragraph, numeral, write};

/// The fields the 自评报告 fills: 区县 (the district's name), 年度 (the year assessed, `2026`),
/// 日期 (the report's date, `2026年12月6日`) and 生成信息 (the footer's stamp: rulebook and
/// version · data version · when generated).
pub const FIELDS: [&str; 4] = ["区县", "年度", "日期", "生成信息"];

/// The sections of the 自评报告, in order; a template marks where each goes with a paragraph
/// holding only `{{章节:名称}}` (一 基本情况, 二 资源配置, 三 政府保障程度, 四 教育质量,
/// 五 社会认可度, 六 一票否决, 七 佐证材料清单, 八 存在问题与整改, 九 结论). The default
/// template puts each under a heading 一、… that the district may reword.
pub const SECTIONS: [&str; 9] = [
    "基本情况",
    "资源配置",
    "政府保障程度",
    "教育质量",
    "社会认可度",
    "一票否决",
    "佐证材料清单",
    "存在问题与整改",
    "结论",
];

/// The default template's document: a cover with 区县, 年度 and 日期, an opening paragraph,
/// each section under its numbered heading, the stamp in the footer.
pub(super) fn default_document() -> Document {
    let mut blocks = vec![
        Block::Cover(Cover {
            title: "{{区县}}{{年度}}年义务教育优质均衡发展督导评估自评报告".into(),
            district: "{{区县}}人民政府".into(),
            date: "{{日期}}".into(),
            stamp: "（盖章）".into(),
        }),
        Block::Paragraph(Paragraph::text(
            "根据《县域义务教育优质均衡发展督导评估办法》和省级实施方案，{{区县}}对照评估标准，对{{年度}}年度义务教育优质均衡发展情况开展了自评。现将自评情况报告如下。",
        )),
    ];
    for (i, name) in SECTIONS.iter().enumerate() {
        let number = numeral(i as u32 + 1);
        blocks.push(Block::Heading(1, format!("{number}、{name}")));
        blocks.push(Block::Paragraph(Paragraph {
            indent: false,
            ..Paragraph::text(format!("{{{{章节:{name}}}}}"))
        }));
    }
    Document {
        core: Core {
            title: "义务教育优质均衡发展督导评估自评报告".into(),
            subject: "自评报告模板".into(),
            creator: "Junheng".into(),
            ..Core::default()
        },
        blocks,
        footer: Footer {
            stamp: "{{生成信息}}".into(),
        },
    }
}

/// The default 自评报告 template as .docx bytes (the same bytes every time).
pub fn default_template() -> Vec<u8> {
    write(&default_document())
}
