//! The words of a row kept as values: 户籍所在省份 (the 34 provincial-level divisions, full or
//! short names); 学段, 残疾类别, 安置方式 and the yes/no flags are `junheng_core::student`'s.

pub use junheng_core::student::{Disability, Flags, Hukou, Placement, Stage};

/// The provincial-level divisions (省、自治区、直辖市、特别行政区), as 户籍所在省份 is stored.
pub const PROVINCES: [&str; 34] = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "台湾省",
    "香港特别行政区",
    "澳门特别行政区",
];

/// The short form of a province's full name: 四川, 重庆, 广西, 香港 …
fn short(full: &str) -> &str {
    match full {
        "内蒙古自治区" => "内蒙古",
        "广西壮族自治区" => "广西",
        "西藏自治区" => "西藏",
        "宁夏回族自治区" => "宁夏",
        "新疆维吾尔自治区" => "新疆",
        "香港特别行政区" => "香港",
        "澳门特别行政区" => "澳门",
        _ => full.strip_suffix(['省', '市']).unwrap_or(full),
    }
}

/// The full name of a province written in full or short (四川 → 四川省), `None` for anything
/// else.
///
/// ```
/// use junheng_io::student::province;
/// assert_eq!(province("广西"), Some("广西壮族自治区"));
/// assert_eq!(province("重庆市"), Some("重庆市"));
/// assert_eq!(province("成都"), None);
/// ```
pub fn province(text: &str) -> Option<&'static str> {
    let text = text.trim();
    PROVINCES
        .into_iter()
        .find(|p| *p == text || short(p) == text)
}
