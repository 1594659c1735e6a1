//! English pages say nothing in Chinese outside data: [`chinese_outside_data`] reads a page as
//! a browser's DOM would (elements, their `lang`, text and the attributes people read) and
//! returns every Chinese text that is not inside an element marked `lang="zh-CN"` (school
//! names, indicator names, gap sentences and other data). The route sweep applies it to every
//! page every caller sees, in English.

/// Whether `c` is Chinese: CJK ideographs, CJK punctuation and full-width forms.
pub fn is_chinese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];
/// Attributes whose values people read (the value of a button too).
const READ: &[&str] = &["title", "placeholder", "aria-label", "alt"];

/// (name, attributes) of a start tag's inside (`tag` is what lies between `<` and `>`).
fn parse_tag(tag: &str) -> (String, Vec<(String, String)>) {
    let mut chars = tag.char_indices().peekable();
    let mut name = String::new();
    while let Some((_, c)) = chars.peek().copied() {
        if c.is_whitespace() || c == '/' {
            break;
        }
        name.push(c.to_ascii_lowercase());
        chars.next();
    }
    let mut attrs = Vec::new();
    let rest: String = chars.map(|(_, c)| c).collect();
    let mut s = rest.as_str();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            break;
        }
        let end = s
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(s.len());
        let key = s[..end].to_ascii_lowercase();
        s = s[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                value = after[1..close].to_owned();
                s = after.get(close + 1..).unwrap_or_default();
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                value = after[..end].to_owned();
                s = &after[end..];
            }
        }
        attrs.push((key, value));
    }
    (name, attrs)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Every Chinese text of `html` outside elements marked `lang="zh…"` (the `<html>` element's own
/// `lang` is the page's language and marks nothing).
pub fn chinese_outside_data(html: &str) -> Vec<String> {
    // The open elements: (name, inside data).
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut found = Vec::new();
    let mut rest = html;
    let note = |text: &str, found: &mut Vec<String>| {
        let text = unescape(text);
        if text.chars().any(is_chinese) {
            found.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    };
    while !rest.is_empty() {
        let data = stack.last().is_some_and(|(_, d)| *d);
        let Some(lt) = rest.find('<') else {
            if !data {
                note(rest, &mut found);
            }
            break;
        };
        if !data {
            note(&rest[..lt], &mut found);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(closing) = tag.strip_prefix('/') {
            let name = closing.trim().to_ascii_lowercase();
            if let Some(i) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(i);
            }
            continue;
        }
        let (name, attrs) = parse_tag(tag);
        let own = attrs
            .iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.starts_with("zh"));
        let inside = if name == "html" {
            false
        } else {
            own.unwrap_or(data)
        };
        if !inside {
            let button = name == "input"
                && attrs.iter().any(|(k, v)| {
                    k == "type" && matches!(v.as_str(), "submit" | "button" | "reset")
                });
            for (k, v) in &attrs {
                if READ.contains(&k.as_str()) || button && k == "value" {
                    note(v, &mut found);
                }
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |i| &rest[i..]);
            continue;
        }
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            stack.push((name, inside));
        }
    }
    found
}

#[test]
fn finds_chinese_outside_marked_data() {
    let page = r#"<!doctype html><html lang="en"><head><title>Schools · Junheng</title></head>
<body><p>Overview <span lang="zh-CN">渝州区龙凤小学</span> · <a href="/x" lang="zh-CN">中文</a></p>
<td lang="zh-CN"><b>小学</b><br>初中</td><p title="学校">School</p>
<input type="submit" value="保存"><input name="q" value="龙凤">
<script>const a = "未翻译";</script><!-- 注释 --><p>未翻译的句子</p></body></html>"#;
    assert_eq!(
        chinese_outside_data(page),
        vec![
            "学校".to_owned(),
            "保存".to_owned(),
            "未翻译的句子".to_owned()
        ]
    );
    assert!(chinese_outside_data("<html lang=\"zh-CN\"><p>全部中文</p></html>").len() == 1);
}

/// Asks every page again in English — `pages` are (caller, url) pairs, each caller's client
/// switched to English first — and returns a failure for each page that shows Chinese outside
/// data (the page and the texts).
pub async fn every_page_in_english(
    app: &crate::helpers::TestApp,
    clients: &[&reqwest::Client],
    pages: &[(usize, String)],
) -> Vec<String> {
    for client in clients {
        let r = client
            .get(app.url("/lang?to=en&next=/"))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success() || r.status().is_redirection());
    }
    let mut failures = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, url) in pages {
        let r = clients[*i].get(app.url(url)).send().await.unwrap();
        let html = r
            .headers()
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap_or_default().starts_with("text/html"));
        if !r.status().is_success() || !html {
            continue;
        }
        let body = r.text().await.unwrap();
        let texts: Vec<String> = chinese_outside_data(&body)
            .into_iter()
            .filter(|t| seen.insert(t.clone()))
            .collect();
        if !texts.is_empty() {
            failures.push(format!(
                "English GET {url} (caller {i}) shows Chinese: {texts:?}"
            ));
        }
        assert!(
            body.contains("<html lang=\"en\""),
            "{url} is not in English"
        );
    }
    failures
}
