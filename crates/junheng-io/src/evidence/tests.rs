use std::io::{Cursor, Write};

use super::detect::central_names;
use super::*;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// A ZIP of these entries (the first stored, the others deflated, as office programs write).
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    for (i, (name, content)) in parts.iter().enumerate() {
        let method = if i == 0 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        w.start_file(*name, options).unwrap();
        w.write_all(content).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

fn ooxml(family: &str) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", b"<Relationships/>"),
        (&format!("{family}/document.xml"), b"<x/>"),
    ])
}

fn odf(mime: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype", mime.as_bytes()),
        ("content.xml", b"<office:document-content/>"),
        ("META-INF/manifest.xml", b"<manifest/>"),
    ])
}

/// An OLE2 compound file with these streams.
fn ole(streams: &[&str]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for s in streams {
        if let Some((storage, _)) = s.rsplit_once('/').filter(|(p, _)| !p.is_empty()) {
            file.create_storage_all(storage).unwrap();
        }
        file.create_stream(s).unwrap().write_all(b"data").unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn kind(bytes: Vec<u8>, name: &str) -> Result<Kind, &'static str> {
    check(bytes, name).map(|c| c.kind).map_err(|e| e.code)
}

#[test]
fn every_accepted_kind_is_recognised_by_content() {
    let mut png = PNG_HEAD.to_vec();
    png.extend_from_slice(b"\0\0\0\rIHDR");
    let mut webp = b"RIFF\x10\0\0\0WEBPVP8 ".to_vec();
    webp.extend_from_slice(&[0; 8]);
    let cases: Vec<(Vec<u8>, &str, Kind)> = vec![
        (PDF.to_vec(), "集团章程.pdf", Kind::Pdf),
        (png, "照片.PNG", Kind::Png),
        (
            b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec(),
            "扫描件.jpeg",
            Kind::Jpeg,
        ),
        (
            b"\xFF\xD8\xFF\xE1\0\x10Exif".to_vec(),
            "扫描件.jpg",
            Kind::Jpeg,
        ),
        (webp, "a.webp", Kind::Webp),
        (ooxml("word"), "三年发展规划.docx", Kind::Docx),
        (ooxml("xl"), "考核.xlsx", Kind::Xlsx),
        (crate::teacher::write_template(), "花名册.xlsx", Kind::Xlsx),
        (ooxml("ppt"), "汇报.pptx", Kind::Pptx),
        (ole(&["/WordDocument", "/1Table"]), "旧章程.doc", Kind::Doc),
        (
            include_bytes!("../../tests/it/fixtures/template.xls").to_vec(),
            "旧表.xls",
            Kind::Xls,
        ),
        (
            odf("application/vnd.oasis.opendocument.text"),
            "章程.odt",
            Kind::Odt,
        ),
        (
            odf("application/vnd.oasis.opendocument.spreadsheet"),
            "表.ods",
            Kind::Ods,
        ),
        (
            odf("application/vnd.oasis.opendocument.presentation"),
            "演示.odp",
            Kind::Odp,
        ),
    ];
    for (bytes, name, expected) in cases {
        let checked = check(bytes.clone(), name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(checked.kind, expected, "{name}");
        assert_eq!(checked.file_name, name);
        assert_eq!(checked.size(), bytes.len() as u64);
        assert_eq!(checked.bytes(), &bytes[..]);
        assert_eq!(checked.sha256, hex::encode(Sha256::digest(&bytes)));
        assert_eq!(Kind::from_media_type(expected.media_type()), Some(expected));
    }
}

const PNG_HEAD: &[u8] = b"\x89PNG\r\n\x1a\n";

#[test]
fn what_is_not_a_document_is_refused_whatever_its_name() {
    let refused: Vec<(Vec<u8>, &str)> = vec![
        (
            b"<!DOCTYPE html><html><script>x()</script>".to_vec(),
            "章程.pdf",
        ),
        (b"\xEF\xBB\xBF  <svg onload=alert(1)>".to_vec(), "图.png"),
        (b"<?xml version=\"1.0\"?><svg/>".to_vec(), "图.svg"),
        (b"#!/bin/sh\nrm -rf /\n".to_vec(), "a.docx"),
        (b"MZ\x90\0\x03\0\0\0".to_vec(), "setup.pdf"),
        (b"\x7FELF\x02\x01\x01".to_vec(), "a.pdf"),
        (b"GIF89a\x01\0\x01\0".to_vec(), "a.gif"),
        (b"just some text".to_vec(), "a.txt"),
        (zip_of(&[("a.txt", b"x"), ("b.txt", b"y")]), "材料.zip"),
        (zip_of(&[("a.txt", b"x")]), "材料.docx"),
        (
            zip_of(&[
                ("[Content_Types].xml", b"<Types/>"),
                ("word/document.xml", b"<x/>"),
                ("xl/workbook.xml", b"<x/>"),
            ]),
            "两种.docx",
        ),
        (
            zip_of(&[
                ("[Content_Types].xml", b"<Types/>"),
                ("visio/a.xml", b"<x/>"),
            ]),
            "图.vsdx",
        ),
        (ole(&["/PowerPoint Document"]), "旧.ppt"),
        (ole(&["/__substg1.0_0037001F"]), "邮件.msg"),
    ];
    for (bytes, name) in refused {
        let err = check(bytes, name).unwrap_err();
        assert_eq!(err.code, codes::TYPE, "{name}: {err}");
        assert!(err.message.contains(name), "{name}: {err}");
        assert!(
            err.message.contains(".docx") && err.message.contains("PDF"),
            "says what is accepted: {err}"
        );
    }
    let encrypted = ole(&["/EncryptionInfo", "/EncryptedPackage"]);
    let err = check(encrypted, "加密.docx").unwrap_err();
    assert_eq!(err.code, codes::TYPE);
    assert!(
        err.message.contains("加密.docx") && err.message.contains("密码"),
        "{err}"
    );
}

#[test]
fn macros_are_refused() {
    let docm = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", b"<x/>"),
        ("word/vbaProject.bin", b"\0"),
    ]);
    assert_eq!(kind(docm, "章程.docx"), Err(codes::MACRO));
    let basic = zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<x/>"),
        ("Basic/Standard/Module1.xml", b"<x/>"),
    ]);
    assert_eq!(kind(basic, "章程.odt"), Err(codes::MACRO));
    assert_eq!(
        kind(ole(&["/WordDocument", "/Macros/VBA/dir"]), "a.doc"),
        Err(codes::MACRO)
    );
    assert_eq!(
        kind(ole(&["/Workbook", "/_VBA_PROJECT_CUR/VBA/dir"]), "a.xls"),
        Err(codes::MACRO)
    );
}

#[test]
fn the_extension_must_agree_with_the_content() {
    let mut png = PNG_HEAD.to_vec();
    png.extend_from_slice(b"rest");
    let err = check(png.clone(), "章程.pdf").unwrap_err();
    assert_eq!(err.code, codes::EXTENSION);
    assert!(
        err.message.contains("PNG 图片") && err.message.contains(".png"),
        "{err}"
    );
    assert_eq!(kind(png.clone(), "章程"), Err(codes::EXTENSION));
    assert_eq!(kind(png, "章程.PnG"), Ok(Kind::Png));
    assert_eq!(kind(ooxml("xl"), "表.docx"), Err(codes::EXTENSION));
    assert_eq!(kind(ooxml("xl"), "表.xls"), Err(codes::EXTENSION));
    assert_eq!(
        kind(
            include_bytes!("../../tests/it/fixtures/template.xls").to_vec(),
            "表.doc"
        ),
        Err(codes::EXTENSION)
    );
}

#[test]
fn size_emptiness_and_names_are_checked_first() {
    let err = check_with(PDF.to_vec(), "a.pdf", 10).unwrap_err();
    assert_eq!(err.code, codes::SIZE);
    assert!(
        err.message.contains("a.pdf") && err.message.contains("10 字节"),
        "{err}"
    );
    assert!(check_with(PDF.to_vec(), "a.pdf", PDF.len() as u64).is_ok());
    assert_eq!(kind(Vec::new(), "a.pdf"), Err(codes::EMPTY));
    assert_eq!(kind(PDF.to_vec(), "\u{202E}\0/"), Err(codes::NAME));
    let checked = check(PDF.to_vec(), "C:\\Users\\张\\桌面\\集团章程（2024）.pdf").unwrap();
    assert_eq!(checked.file_name, "集团章程（2024）.pdf");
}

#[test]
fn names_are_cleaned_and_bounded_keeping_the_extension() {
    assert_eq!(
        sanitize_name("a<b>:c\"d|e?f*.pdf").as_deref(),
        Some("a_b__c_d_e_f_.pdf")
    );
    assert_eq!(
        sanitize_name("  .hidden.pdf. ").as_deref(),
        Some("hidden.pdf")
    );
    assert_eq!(
        sanitize_name("章\u{200B}程\t.pdf").as_deref(),
        Some("章程.pdf")
    );
    let long = format!("{}.pdf", "章".repeat(500));
    let cut = sanitize_name(&long).unwrap();
    assert_eq!(cut.chars().count(), MAX_NAME_CHARS);
    assert!(cut.ends_with("章.pdf"));
    let no_ext = "字".repeat(500);
    assert_eq!(
        sanitize_name(&no_ext).unwrap().chars().count(),
        MAX_NAME_CHARS
    );
    assert_eq!(name::extension("a.tar.GZ").as_deref(), Some("gz"));
    assert_eq!(name::extension("pdf"), None);
}

#[test]
fn damaged_containers_are_unreadable_not_guessed() {
    let mut docx = ooxml("word");
    docx.truncate(docx.len() - 10);
    assert_eq!(kind(docx, "a.docx"), Err(codes::UNREADABLE));
    let mut ole_bytes = ole(&["/WordDocument"]);
    ole_bytes.truncate(600);
    assert_eq!(kind(ole_bytes, "a.doc"), Err(codes::UNREADABLE));
    // An end record that claims more entries than the bound.
    let mut many = ooxml("word");
    let end = many.len() - 22;
    many[end + 8..end + 12].copy_from_slice(&[0x88, 0x13, 0x89, 0x13]);
    assert!(central_names(&many).is_err());
    let mut many = ooxml("word");
    many[end + 8..end + 12].copy_from_slice(&[0x89, 0x13, 0x89, 0x13]);
    let err = check(many, "a.docx").unwrap_err();
    assert_eq!(err.code, codes::UNREADABLE);
    assert!(err.message.contains("5000"), "{err}");
}
