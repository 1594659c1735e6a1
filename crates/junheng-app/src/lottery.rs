//! 随机派位 in a district's database: the three tables frozen with a lottery key (as `junheng
//! lottery freeze` and the web build do, [`freeze_tables`], [`seal_and_freeze`]); a frozen list
//! stored with its key after the checks an upload must pass; its receipts remade from the key and
//! the 报名 table ([`receipts`]); its one draw recorded. The draw itself is the pure engine's
//! (`junheng_lottery::draw`), run by the caller between [`inputs_to_draw`] and [`record_draw`]
//! (off the async runtime on the server).

use junheng_io::lottery::{
    ImportFailure, ReadOptions, Source, check_names, names_from_key, read_inputs, read_key,
    read_sources, registrations_of,
};
use junheng_lottery::{
    AuditPack, Frozen, Inputs, LotteryKey, Receipt, Sealed, Version, freeze, seal,
};
use junheng_store::{Actor, DistrictStore, StoreError};

/// A checked upload: version 2 inputs, their key (matching their commitment), the frozen form.
pub struct Checked {
    /// The applicants, schools and rules.
    pub inputs: Inputs,
    /// Their canonical form and digest.
    pub frozen: Frozen,
    /// The lottery key the list was frozen with.
    pub key: LotteryKey,
}

/// Checks the two files of a lottery (the list `junheng lottery freeze` wrote and its key); the
/// error says, in Chinese, what is wrong and where.
pub fn check_upload(inputs: Option<&[u8]>, key: Option<&[u8]>) -> Result<Checked, String> {
    let (Some(inputs), Some(key)) = (inputs, key) else {
        return Err(
            "请同时选择 junheng lottery freeze 写出的名单文件（JSON）和派位密钥文件".into(),
        );
    };
    let inputs = read_inputs(inputs).map_err(|e| format!("名单文件{e}"))?;
    if inputs.version() != Version::CURRENT {
        return Err(format!(
            "名单文件是旧格式（{}），直接列出报名号等个人信息，不能再上传；请用新版 junheng lottery \
             freeze 重新冻结（报名号换成公示编号）并重新公示",
            inputs.version().inputs_format()
        ));
    }
    let key = read_key(key).map_err(|e| format!("派位密钥文件{e}"))?;
    if inputs.key_commitment.as_deref() != Some(key.commitment().as_str()) {
        return Err("派位密钥与名单不匹配：请上传冻结这份名单时写出的派位密钥文件".into());
    }
    let frozen = freeze(&inputs).map_err(|e| format!("名单有误：{e}"))?;
    Ok(Checked {
        inputs,
        frozen,
        key,
    })
}

/// Seals the inputs read from the bureau's tables (by 报名号) with `key` and freezes the sealed
/// form: what `junheng lottery freeze` writes and the web build stores. The error says, in
/// Chinese, why the inputs as a whole are refused.
pub fn seal_and_freeze(registered: &Inputs, key: &LotteryKey) -> Result<(Sealed, Frozen), String> {
    let sealed = seal(registered, key).map_err(|e| e.to_string())?;
    let frozen = freeze(&sealed.inputs).map_err(|e| format!("名单有误：{e}"))?;
    Ok((sealed, frozen))
}

/// Why the three tables of a lottery built on the web were not frozen; nothing was written.
#[derive(Debug)]
pub enum BuildError {
    /// Problems in the tables, each located (file, sheet, row, column, value, what is expected).
    Tables(ImportFailure),
    /// The inputs as a whole are refused (e.g. a zone without schools), or a file is missing.
    Inputs(String),
}

/// The three tables of a lottery (学区, 学位计划, 报名) as uploaded.
#[derive(Clone, Copy)]
pub struct Tables<'a> {
    /// 学区.
    pub zones: Source<'a>,
    /// 学位计划.
    pub seats: Source<'a>,
    /// 报名.
    pub applicants: Source<'a>,
}

/// Reads and validates the three tables (优先级 labels: the default ones; numbers always work),
/// seals them with `key` and freezes them: a [`Checked`] lottery to [`create`]. CPU-bound (run
/// it off the async runtime); writes nothing.
pub fn freeze_tables(
    tables: Tables<'_>,
    title: &str,
    key: LotteryKey,
) -> Result<Checked, BuildError> {
    let options = ReadOptions {
        title: title.trim().to_owned(),
        ..ReadOptions::default()
    };
    let loaded = read_sources(tables.zones, tables.seats, tables.applicants, &options)
        .map_err(BuildError::Tables)?;
    let (sealed, frozen) = seal_and_freeze(&loaded.inputs, &key).map_err(BuildError::Inputs)?;
    Ok(Checked {
        inputs: sealed.inputs,
        frozen,
        key,
    })
}

/// Why no receipts were made.
#[derive(Debug)]
pub enum ReceiptsError {
    /// Problems in the 报名 table.
    Table(ImportFailure),
    /// The table is not that of this lottery, or the lottery has no key.
    Refused(String),
    /// The lottery could not be read.
    Store(StoreError),
}

/// The receipts (回执) of stored lottery `id`, remade from its key and the 报名 table it was
/// built from: the applicants as registered (by 报名号, for the receipt's other columns) and one
/// receipt per applicant in 报名号 order. Refused unless the table lists exactly the lottery's
/// applicants.
pub async fn receipts(
    store: &DistrictStore,
    id: i64,
    table: Source<'_>,
) -> Result<(Inputs, Vec<Receipt>), ReceiptsError> {
    let lottery = store
        .lottery(id)
        .await
        .map_err(ReceiptsError::Store)?
        .ok_or(ReceiptsError::Store(StoreError::NotFound("该派位")))?;
    let inputs = Inputs::from_json(&lottery.inputs).map_err(|_| {
        ReceiptsError::Store(StoreError::Corrupt {
            table: "lotteries",
            column: "inputs",
        })
    })?;
    let key = lottery
        .lottery_key
        .as_deref()
        .and_then(LotteryKey::from_hex)
        .ok_or_else(|| {
            ReceiptsError::Refused("这次派位是旧格式名单，没有派位密钥，不能生成回执".into())
        })?;
    let registrations = registrations_of(table).map_err(ReceiptsError::Table)?;
    let names = names_from_key(&key, &registrations);
    check_names(&names, &inputs).map_err(|e| ReceiptsError::Refused(format!("报名表{e}")))?;
    let mut registered = inputs;
    for a in &mut registered.applicants {
        a.id = names[&a.id].clone();
    }
    let mut receipts: Vec<Receipt> = registrations
        .iter()
        .map(|r| Receipt {
            code: key.public_code(r),
            check: key.check_code(r),
            registration: r.clone(),
        })
        .collect();
    receipts.sort_by(|a, b| a.registration.cmp(&b.registration));
    Ok((registered, receipts))
}

/// Stores a checked lottery (titled 随机派位 when its list has no title); returns its number.
pub async fn create(
    store: &DistrictStore,
    checked: Checked,
    actor: &Actor,
) -> Result<i64, StoreError> {
    let title = match checked.inputs.title.trim() {
        "" => "随机派位",
        t => t,
    };
    let canonical = String::from_utf8(checked.frozen.canonical)
        .map_err(|_| StoreError::invalid("名单的规范形式不是 UTF-8"))?;
    store
        .create_lottery(
            title,
            &canonical,
            &checked.frozen.digest,
            Some(&checked.key.to_hex()),
            actor,
        )
        .await
}

/// What a list stored before version 2 answers to a draw.
pub const LEGACY_DRAW: &str = "这份名单是旧格式（直接列出报名号），不能再派位：请用新版 junheng lottery freeze \
                           重新冻结（报名号换成公示编号），重新公示后上传名单和派位密钥";

/// The inputs of lottery `id` to draw, with their published digest: refused ([`StoreError::Conflict`])
/// once drawn, and for a list stored before version 2.
pub async fn inputs_to_draw(
    store: &DistrictStore,
    id: i64,
) -> Result<(Inputs, String), StoreError> {
    let lottery = store
        .lottery(id)
        .await?
        .ok_or(StoreError::NotFound("该派位"))?;
    if lottery.pack.is_some() {
        return Err(StoreError::Conflict(
            "该派位已经进行过，结果不能重抽".into(),
        ));
    }
    let inputs = Inputs::from_json(&lottery.inputs).map_err(|_| StoreError::Corrupt {
        table: "lotteries",
        column: "inputs",
    })?;
    if inputs.version() == Version::V1 {
        return Err(StoreError::Conflict(LEGACY_DRAW.into()));
    }
    Ok((inputs, lottery.info.digest))
}

/// Records the draw `pack` of lottery `id`, once; its inputs must be the published ones
/// (`digest`).
pub async fn record_draw(
    store: &DistrictStore,
    id: i64,
    pack: &AuditPack,
    digest: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    if pack.inputs_digest != digest {
        return Err(StoreError::invalid(
            "名单摘要与公布的不一致：未记录派位结果",
        ));
    }
    store.record_draw(id, &pack.to_json_compact(), actor).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use junheng_lottery::{seal, synth};

    fn sealed() -> (Inputs, LotteryKey) {
        let inputs = synth::district(&synth::SynthSpec {
            applicants: 30,
            schools: 3,
            ..Default::default()
        });
        let key = LotteryKey::from_bytes([4; 32]);
        (seal(&inputs, &key).unwrap().inputs, key)
    }

    fn tables<'a>(zones: &'a str, seats: &'a str, applicants: &'a str) -> Tables<'a> {
        let source = |text: &'a str, file: &'a str| Source {
            bytes: text.as_bytes(),
            file,
        };
        Tables {
            zones: source(zones, "学区.csv"),
            seats: source(seats, "学位计划.csv"),
            applicants: source(applicants, "报名.csv"),
        }
    }

    #[test]
    fn tables_are_frozen_with_the_key_or_every_problem_is_located() {
        let zones = "学区代码,学区名称,派位方式\nZ1,城南学区,平行志愿\n";
        let seats = "学校代码,学校名称,学区代码,计划数\nS1,一小,Z1,1\nS2,二小,Z1,1\n";
        let applicants = "报名号,学区代码,优先级,志愿1,志愿2\nB1,Z1,其他,S1,S2\nB2,Z1,0,S2,\n";
        let key = LotteryKey::from_bytes([9; 32]);
        let checked = freeze_tables(tables(zones, seats, applicants), " 城南派位 ", key.clone())
            .ok()
            .unwrap();
        assert_eq!(checked.inputs.version(), Version::CURRENT);
        assert_eq!(checked.inputs.title, "城南派位");
        let canonical = String::from_utf8(checked.frozen.canonical.clone()).unwrap();
        assert!(canonical.contains(&key.public_code("B1")) && !canonical.contains("\"B1\""));
        let t = tables(zones, seats, applicants);
        let (_, frozen) = seal_and_freeze(
            &read_sources(
                t.zones,
                t.seats,
                t.applicants,
                &ReadOptions {
                    title: "城南派位".into(),
                    ..ReadOptions::default()
                },
            )
            .unwrap()
            .inputs,
            &key,
        )
        .unwrap();
        assert_eq!(
            frozen.digest, checked.frozen.digest,
            "as the CLI freezes it"
        );
        let bad = applicants.replace("B2,Z1,0,S2,", "B2,Z1,0,S9,");
        match freeze_tables(tables("学区代码\nZ1\n", seats, &bad), "", key) {
            Err(BuildError::Tables(failure)) => {
                let files: Vec<&str> = failure.issues.iter().map(|i| i.file.as_str()).collect();
                assert!(files.contains(&"学区.csv"), "{files:?}");
            }
            other => panic!("expected the tables' problems, got {:?}", other.err()),
        }
    }

    #[test]
    fn uploads_must_be_a_version_2_list_and_its_own_key() {
        let (inputs, key) = sealed();
        let list = freeze(&inputs).unwrap().canonical;
        let file = key.to_file();
        let ok = check_upload(Some(&list), Some(file.as_bytes())).unwrap();
        assert_eq!(ok.key, key);
        let err = |i: Option<&[u8]>, k: Option<&[u8]>| check_upload(i, k).err().unwrap();
        assert!(err(Some(&list), None).contains("同时选择"));
        let other = LotteryKey::from_bytes([5; 32]).to_file();
        assert!(err(Some(&list), Some(other.as_bytes())).contains("不匹配"));
        assert!(
            err(Some(file.as_bytes()), Some(file.as_bytes()))
                .starts_with("名单文件不是有效的派位名单")
        );
        let mut bad = list.clone();
        bad[3] = 0xFF;
        assert!(err(Some(&bad), Some(file.as_bytes())).contains("第 1 行第 4 列（字节偏移 3）"));
        let crlf = file.replace('\n', "\r\n");
        assert!(
            err(Some(&list), Some(crlf.as_bytes()))
                .starts_with("派位密钥文件不是有效的派位密钥文件")
        );
        let v1 = synth::district(&synth::SynthSpec {
            applicants: 5,
            schools: 1,
            ..Default::default()
        });
        let v1 = freeze(&v1).unwrap().canonical;
        assert!(err(Some(&v1), Some(file.as_bytes())).contains("旧格式"));
    }
}
