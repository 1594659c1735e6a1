//! 佐证材料: documents per record and title, versions kept, identical content refused, every
//! upload and every download audited, per district; backups carry the documents byte for byte.

use junheng_core::record::{RecordKind, RecordRef};
use junheng_store::{
    Actor, AuditFilter, DistrictStore, Evidence, NewEvidence, Store, StoreError, limits,
};
use sha2::{Digest, Sha256};

use crate::helpers::{Home, sqlite_store};

store_tests!(
    documents_are_versioned_per_record_and_title,
    what_the_store_refuses_writes_nothing,
    backups_keep_every_document_byte_for_byte
);

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn group() -> RecordRef {
    RecordRef::new(RecordKind::Group, "渝州区第一教育集团").unwrap()
}

/// Stores `content` as `title` of `record`.
async fn add(
    store: &DistrictStore,
    record: &RecordRef,
    title: &str,
    content: &[u8],
    actor: &Actor,
) -> Result<Evidence, StoreError> {
    let digest = sha(content);
    store
        .add_evidence(
            &NewEvidence {
                record,
                title,
                note: " 2024 年修订 ",
                file_name: "集团章程.pdf",
                media_type: "application/pdf",
                sha256: &digest,
                content,
            },
            actor,
        )
        .await
}

/// Bytes that are not text: every byte value, NUL included.
fn binary(seed: u8) -> Vec<u8> {
    let mut b: Vec<u8> = b"%PDF-1.7\n".to_vec();
    b.extend((0..=255u8).map(|x| x.wrapping_add(seed)));
    b.extend_from_slice(&[0, 0, 0xFF, seed]);
    b
}

async fn log(store: &Store, prefix: &str) -> Vec<junheng_store::AuditRecord> {
    store
        .audit_log(&AuditFilter {
            action_prefix: Some(prefix.into()),
            ..AuditFilter::default()
        })
        .await
        .unwrap()
}

async fn documents_are_versioned_per_record_and_title(store: Store) {
    let lead = Actor::new("lead");
    let home = store.home().await;
    let charter = group();
    let first = add(&home, &charter, "集团章程", &binary(1), &lead)
        .await
        .unwrap();
    assert_eq!((first.version, first.size), (1, binary(1).len() as i64));
    assert_eq!(first.note, "2024 年修订", "the note is trimmed");
    assert_eq!(first.uploaded_by, "lead");
    assert!(first.uploaded_at.ends_with('Z'), "{}", first.uploaded_at);

    // The same content again, under the same title (spaces around it do not make another): a
    // conflict that names the version holding it.
    let err = add(&home, &charter, " 集团章程 ", &binary(1), &lead)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert!(err.to_string().contains("第 1 版"), "{err}");

    let second = add(&home, &charter, "集团章程", &binary(2), &lead)
        .await
        .unwrap();
    assert_eq!(second.version, 2);
    let plan = add(&home, &charter, "三年发展规划", &binary(1), &lead)
        .await
        .unwrap();
    assert_eq!(plan.version, 1, "another title has versions of its own");
    // The same content may be a document of another record.
    let school = RecordRef::new(RecordKind::School, "5001120001").unwrap();
    let theirs = add(&home, &school, "集团章程", &binary(1), &lead)
        .await
        .unwrap();
    assert_eq!(theirs.version, 1);

    let latest = home.evidence_of(&charter).await.unwrap();
    let titles: Vec<(&str, i64)> = latest
        .iter()
        .map(|e| (e.title.as_str(), e.version))
        .collect();
    assert_eq!(titles, [("三年发展规划", 1), ("集团章程", 2)]);
    let versions = home.evidence_versions(&charter).await.unwrap();
    let ids: Vec<i64> = versions.iter().map(|e| e.id).collect();
    assert_eq!(ids, [plan.id, second.id, first.id]);
    assert_eq!(home.all_evidence().await.unwrap().len(), 4);
    assert_eq!(home.evidence(first.id).await.unwrap(), Some(first.clone()));
    assert_eq!(home.evidence(999_999).await.unwrap(), None);

    // Earlier versions stay downloadable; every download is audited.
    let reader = Actor::new("dux");
    assert_eq!(
        home.evidence_content(first.id, &reader).await.unwrap(),
        binary(1)
    );
    assert_eq!(
        home.evidence_content(second.id, &reader).await.unwrap(),
        binary(2)
    );
    let downloads = log(&store, "evidence.download").await;
    assert_eq!(downloads.len(), 2);
    assert_eq!(downloads[0].actor, "dux");
    assert_eq!(downloads[0].target, format!("evidence:{}", second.id));
    assert!(
        downloads[0].detail.contains("集团章程 v2"),
        "{:?}",
        downloads[0]
    );
    let uploads = log(&store, "evidence.add").await;
    assert_eq!(uploads.len(), 4, "the refused upload wrote no entry");
    assert_eq!(uploads[0].district, Some(home.id()));

    // Another district has none of them.
    let other = store
        .add_district(
            &junheng_store::NewDistrict {
                code: "500229".into(),
                name: "城口县".into(),
                kind: junheng_store::DistrictKind::Xian,
                city: ("500100".into(), "重庆市".into()),
                province: ("500000".into(), "重庆市".into()),
            },
            &Actor::system(),
        )
        .await
        .unwrap();
    let other = store.in_district(other.id);
    assert_eq!(other.evidence(first.id).await.unwrap(), None);
    assert!(other.evidence_of(&charter).await.unwrap().is_empty());
    let err = other.evidence_content(first.id, &reader).await.unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    assert_eq!(log(&store, "evidence.download").await.len(), 2);
    let mine = add(&other, &charter, "集团章程", &binary(1), &lead)
        .await
        .unwrap();
    assert_eq!(mine.version, 1, "versions count per district");
}

async fn what_the_store_refuses_writes_nothing(store: Store) {
    let admin = Actor::new("admin");
    let home = store.home().await;
    let charter = group();
    let content = binary(3);
    let digest = sha(&content);
    let good = NewEvidence {
        record: &charter,
        title: "集团章程",
        note: "",
        file_name: "章程.pdf",
        media_type: "application/pdf",
        sha256: &digest,
        content: &content,
    };
    let long_title = "章".repeat(limits::MAX_EVIDENCE_TITLE + 1);
    let long_note = "注".repeat(limits::MAX_EVIDENCE_NOTE + 1);
    let long_name = format!("{}.pdf", "名".repeat(limits::MAX_FILE_NAME));
    let padded = RecordRef {
        kind: RecordKind::Group,
        key: " 集团 ".into(),
    };
    let empty_key = RecordRef {
        kind: RecordKind::School,
        key: String::new(),
    };
    let upper = digest.to_uppercase();
    let cases: Vec<(&str, NewEvidence)> = vec![
        (
            "材料名称",
            NewEvidence {
                title: "  ",
                ..good.clone()
            },
        ),
        (
            "材料名称",
            NewEvidence {
                title: &long_title,
                ..good.clone()
            },
        ),
        (
            "备注",
            NewEvidence {
                note: &long_note,
                ..good.clone()
            },
        ),
        (
            "备注",
            NewEvidence {
                note: "a\0b",
                ..good.clone()
            },
        ),
        (
            "文件名",
            NewEvidence {
                file_name: &long_name,
                ..good.clone()
            },
        ),
        (
            "文件名",
            NewEvidence {
                file_name: "",
                ..good.clone()
            },
        ),
        (
            "文件类型",
            NewEvidence {
                media_type: "",
                ..good.clone()
            },
        ),
        (
            "SHA-256",
            NewEvidence {
                sha256: &upper,
                ..good.clone()
            },
        ),
        (
            "SHA-256",
            NewEvidence {
                sha256: "abc",
                ..good.clone()
            },
        ),
        (
            "字节",
            NewEvidence {
                content: b"",
                ..good.clone()
            },
        ),
        (
            "空格",
            NewEvidence {
                record: &padded,
                ..good.clone()
            },
        ),
        (
            "记录标识",
            NewEvidence {
                record: &empty_key,
                ..good.clone()
            },
        ),
    ];
    for (says, new) in cases {
        let err = home.add_evidence(&new, &admin).await.unwrap_err();
        assert_eq!(err.code(), "store.invalid", "{says}: {err}");
        assert!(err.to_string().contains(says), "{says}: {err}");
    }
    let err = home.add_evidence(&good, &Actor::new("")).await.unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    assert!(home.all_evidence().await.unwrap().is_empty());
    assert!(log(&store, "evidence.").await.is_empty());
    let title = "章".repeat(limits::MAX_EVIDENCE_TITLE);
    let at_limit = NewEvidence {
        title: &title,
        ..good
    };
    assert_eq!(
        home.add_evidence(&at_limit, &admin).await.unwrap().title,
        title
    );
}

/// Documents with their bytes, of `store`'s district: (id-free description, bytes).
async fn documents(store: &Store, district: &DistrictStore) -> Vec<(String, Vec<u8>)> {
    let _ = store;
    let mut out = Vec::new();
    for e in district.all_evidence().await.unwrap() {
        let bytes = district
            .evidence_content(e.id, &Actor::new("check"))
            .await
            .unwrap();
        let described = format!(
            "{} {} v{} {} {} {} {} {} {} {}",
            e.record,
            e.title,
            e.version,
            e.file_name,
            e.media_type,
            e.size,
            e.sha256,
            e.note,
            e.uploaded_by,
            e.uploaded_at
        );
        out.push((described, bytes));
    }
    out
}

async fn backups_keep_every_document_byte_for_byte(store: Store) {
    let admin = Actor::new("admin");
    store.set_home("500112", "渝北区", &admin).await.unwrap();
    let home = store.home().await;
    let charter = group();
    for (title, seed) in [("集团章程", 1), ("集团章程", 2), ("考核奖励办法", 3)] {
        add(&home, &charter, title, &binary(seed), &admin)
            .await
            .unwrap();
    }
    let large: Vec<u8> = (0..3_000_000u32).map(|i| (i * 7 % 251) as u8).collect();
    add(&home, &charter, "扫描件", &large, &admin)
        .await
        .unwrap();
    let before = documents(&store, &home).await;
    assert_eq!(before.len(), 4);

    // The whole database, into an empty one.
    let mut dump = Vec::new();
    let written = store.backup(&mut dump, None).await.unwrap();
    let rows = written
        .tables
        .iter()
        .find(|t| t.table == "evidence")
        .unwrap();
    assert_eq!(rows.rows, 4);
    let (copy, _dir) = sqlite_store().await;
    copy.restore(&mut std::io::Cursor::new(&dump), None)
        .await
        .unwrap();
    let restored = copy.home().await;
    assert_eq!(documents(&copy, &restored).await, before);
    // Versions go on from the restored ones.
    let next = add(&restored, &charter, "集团章程", &binary(9), &admin)
        .await
        .unwrap();
    assert_eq!(next.version, 3);

    // The district alone, beside a district that has documents of its own (ids moved).
    let district = store.only_district().await.unwrap();
    let mut dump = Vec::new();
    store.backup(&mut dump, Some(&district)).await.unwrap();
    let (beside, _dir2) = sqlite_store().await;
    let theirs = beside.home().await;
    add(&theirs, &charter, "集团章程", &binary(7), &admin)
        .await
        .unwrap();
    beside
        .restore(&mut std::io::Cursor::new(&dump), Some("500112"))
        .await
        .unwrap();
    let found = beside.district_by_code("500112").await.unwrap().unwrap();
    let moved = beside.in_district(found.id);
    assert_eq!(documents(&beside, &moved).await, before);
    assert_eq!(documents(&beside, &theirs).await.len(), 1);
}
