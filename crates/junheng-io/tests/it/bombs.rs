//! Hostile files, made small: a cell that inflates to a gigabyte, zip headers that lie, a cell
//! in the far corner, ODS repeats, an .xls whose one shared string fills every cell, 10⁵ columns.

use std::io::{Cursor, Write};

/// A zip of (name, content) parts, deflated.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(*name, options).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

/// A minimal .xlsx whose one sheet (named 学校基本情况表) has this `sheetData` content.
pub fn xlsx_with_rows(sheet_data: &[u8]) -> Vec<u8> {
    let mut sheet = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        .to_vec();
    sheet.extend_from_slice(sheet_data);
    sheet.extend_from_slice(b"</sheetData></worksheet>");
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", &sheet),
    ])
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="学校基本情况表" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// An inline-string cell.
pub fn inline_cell(at: &str, text: &str) -> String {
    format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

/// An .xlsx whose A2 cell holds `bytes` bytes of text (a deflate bomb: ~1 KB per MB).
pub fn inflated_cell(bytes: usize) -> Vec<u8> {
    let mut data = b"<row r=\"1\">".to_vec();
    data.extend_from_slice(inline_cell("A1", "学年").as_bytes());
    data.extend_from_slice(b"</row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>");
    data.resize(data.len() + bytes, b'x');
    data.extend_from_slice(b"</t></is></c></row>");
    xlsx_with_rows(&data)
}

/// Rewrites the uncompressed sizes every zip header declares to `size`.
pub fn lie_about_sizes(mut zip: Vec<u8>, size: u32) -> Vec<u8> {
    let size = size.to_le_bytes();
    let mut at = 0;
    while at + 30 <= zip.len() {
        match &zip[at..at + 4] {
            b"PK\x03\x04" => zip[at + 22..at + 26].copy_from_slice(&size),
            b"PK\x01\x02" if at + 28 <= zip.len() => zip[at + 24..at + 28].copy_from_slice(&size),
            _ => {}
        }
        at += 1;
    }
    zip
}

/// An .xlsx with the template's header in row 1 and one cell at XFD1048576.
pub fn far_corner() -> Vec<u8> {
    let mut data = String::from("<row r=\"1\">");
    for (j, c) in junheng_io::school::COLUMNS.iter().enumerate().take(4) {
        data.push_str(&inline_cell(
            &format!("{}1", (b'A' + j as u8) as char),
            c.header,
        ));
    }
    data.push_str("</row><row r=\"1048576\">");
    data.push_str(&inline_cell("XFD1048576", "远"));
    data.push_str("</row>");
    xlsx_with_rows(data.as_bytes())
}

/// An .ods of one sheet (named 学校基本情况表) with these rows.
pub fn ods_with_rows(rows: &str) -> Vec<u8> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\
         <office:body><office:spreadsheet><table:table table:name=\"学校基本情况表\">{rows}\
         </table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// An .ods asking for `rows` × `cols` copies of a text cell.
pub fn ods_repeats(rows: u64, cols: u64) -> Vec<u8> {
    ods_with_rows(&format!(
        "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>学年</text:p></table:table-cell></table:table-row>\
         <table:table-row table:number-rows-repeated=\"{rows}\">\
         <table:table-cell table:number-columns-repeated=\"{cols}\" office:value-type=\"string\">\
         <text:p>重复的文字重复的文字</text:p></table:table-cell></table:table-row>"
    ))
}

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

/// A BIFF8 .xls (one sheet, 学校基本情况表) whose shared string table holds `strings` and
/// whose cells are (row, col, string index) LABELSST cells.
pub fn xls_with_strings(strings: &[&str], cells: &[(u16, u16, u32)]) -> Vec<u8> {
    let bof = |kind: u16| {
        let mut d = vec![0u8; 16];
        d[0..2].copy_from_slice(&0x0600u16.to_le_bytes());
        d[2..4].copy_from_slice(&kind.to_le_bytes());
        d
    };
    let name: Vec<u16> = "学校基本情况表".encode_utf16().collect();
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    // The SST record, then CONTINUE records of at most 8 224 bytes; a string's characters
    // that go on in the next record start it with a flags byte (1: UTF-16).
    let mut parts: Vec<Vec<u8>> = vec![vec![0u8; 8]];
    for s in strings {
        let units: Vec<u16> = s.encode_utf16().collect();
        if parts.last().unwrap().len() + 3 > 8224 {
            parts.push(Vec::new());
        }
        let part = parts.last_mut().unwrap();
        part.extend_from_slice(&(units.len() as u16).to_le_bytes());
        part.push(1);
        for u in units {
            if parts.last().unwrap().len() + 2 > 8224 {
                parts.push(vec![1]);
            }
            parts
                .last_mut()
                .unwrap()
                .extend_from_slice(&u.to_le_bytes());
        }
    }
    record(&mut globals, 0x00FC, &parts[0]);
    for c in &parts[1..] {
        record(&mut globals, 0x003C, c);
    }
    // Record header, stream offset, state, type, length, flags, UTF-16 name.
    let boundsheet_len = 4 + 4 + 4 + name.len() * 2;
    let eof_len = 4;
    let sheet_at = globals.len() + boundsheet_len + eof_len;
    let mut bs = (sheet_at as u32).to_le_bytes().to_vec();
    bs.extend_from_slice(&[0, 0, name.len() as u8, 1]);
    bs.extend(name.iter().flat_map(|u| u.to_le_bytes()));
    record(&mut globals, 0x0085, &bs);
    record(&mut globals, 0x000A, &[]);
    assert_eq!(globals.len(), sheet_at);
    record(&mut globals, 0x0809, &bof(0x0010));
    for &(row, col, i) in cells {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&0u16.to_le_bytes());
        d.extend_from_slice(&i.to_le_bytes());
        record(&mut globals, 0x00FD, &d);
    }
    record(&mut globals, 0x000A, &[]);
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook")
        .unwrap()
        .write_all(&globals)
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

/// A CSV with a header of `n` columns (and one short data row).
pub fn wide_csv(n: usize) -> Vec<u8> {
    let mut out = String::new();
    for j in 0..n {
        if j > 0 {
            out.push(',');
        }
        out.push_str(&format!("列{j}"));
    }
    out.push_str("\n1\n");
    out.into_bytes()
}
