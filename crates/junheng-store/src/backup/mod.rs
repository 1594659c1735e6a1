//! Backup and restore as JSON Lines, portable between SQLite and PostgreSQL.
//!
//! ```text
//! {"format":"junheng-backup/1","schema_version":1,"created_at":"2025-03-01T08:00:00.000Z"}
//! {"table":"districts","row":{"id":1,"code":"000000","name":"本区县","created_at":"…"}}
//! …one line per row, tables in dependency order…
//! {"end":{"districts":1,"imports":3,…}}
//! ```
//!
//! The last line counts the rows of every table, so a truncated file is refused. Sessions are
//! not backed up (they are short-lived; everyone logs in again after a restore). Reals are
//! written with the shortest text that reads back to the same `f64`.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::{AssertSqlSafe, Row};

use crate::limits::cut;
use crate::migrate::{SCHEMA_VERSION, schema_version};
use crate::pool::{Backend, Dialect, insert_values_sql, with_pool};
use crate::time::now;
use crate::{District, Store, StoreError};

/// The format name in the header line.
pub const BACKUP_FORMAT: &str = "junheng-backup/1";

/// What a backup wrote or a restore read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    /// Schema version of the data.
    pub schema_version: i64,
    /// Rows per table, in dependency order.
    pub tables: Vec<TableCount>,
}

impl BackupSummary {
    /// Rows in all tables.
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

/// Rows of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCount {
    /// Table name.
    pub table: &'static str,
    /// Rows.
    pub rows: u64,
}

mod board_tables;
mod honour_tables;
mod inspection_tables;
mod labour_tables;
mod leader_tables;
mod post_tables;
mod practice_tables;
mod seat_tables;
mod student_tables;
mod studio_tables;
mod survey_tables;
mod tables;
mod training_tables;
use tables::*;

fn select_sql(t: &Table, of_district: bool) -> String {
    let cols: Vec<&str> = t.columns.iter().map(|c| c.0).collect();
    let filter = if of_district {
        format!(" WHERE {}", t.of_district)
    } else {
        String::new()
    };
    format!(
        "SELECT {} FROM {}{filter} ORDER BY {}",
        cols.join(", "),
        t.name,
        t.key
    )
}

fn insert_sql(t: &Table, rows: usize) -> String {
    let cols: Vec<&str> = t.columns.iter().map(|c| c.0).collect();
    let head = format!("INSERT INTO {} ({})", t.name, cols.join(", "));
    insert_values_sql(&head, cols.len(), rows)
}

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    schema_version: i64,
    created_at: String,
    /// The code of the one district a district backup holds; absent in a whole backup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    district: Option<String>,
}

#[derive(Serialize)]
struct RowLine<'a> {
    table: &'a str,
    row: &'a Map<String, Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InRow {
    table: String,
    row: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct End {
    end: BTreeMap<String, u64>,
}

/// Decodes column `i` of a row of either backend into JSON.
macro_rules! cell {
    ($row:expr, $i:expr, $col:expr) => {
        match $col {
            Col::Int => Value::from($row.try_get::<i64, _>($i)?),
            Col::OptInt => $row
                .try_get::<Option<i64>, _>($i)?
                .map_or(Value::Null, Value::from),
            Col::Flag => Value::from($row.try_get::<i32, _>($i)?),
            Col::Real => {
                let v: f64 = $row.try_get($i)?;
                // NaN and infinities are refused at import, so every stored real is finite.
                serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
            }
            Col::OptReal => $row
                .try_get::<Option<f64>, _>($i)?
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
            Col::Text => Value::from($row.try_get::<String, _>($i)?),
            Col::OptText => $row
                .try_get::<Option<String>, _>($i)?
                .map_or(Value::Null, Value::from),
            Col::Bytes => Value::from(hex::encode($row.try_get::<Vec<u8>, _>($i)?)),
        }
    };
}

/// A restore row's values, checked against its table's columns.
enum Cell {
    Int(Option<i64>),
    Flag(i32),
    Real(Option<f64>),
    Text(Option<String>),
    Bytes(Vec<u8>),
}

impl Cell {
    /// Bytes a buffered value holds beyond its cell (a document's content).
    fn weight(&self) -> usize {
        match self {
            Cell::Bytes(b) => b.len(),
            Cell::Text(Some(t)) => t.len(),
            _ => 0,
        }
    }
}

/// Bytes of rows a restore buffers before it writes them: documents of evidence are megabytes
/// each, so a thousand rows of them must not be held at once.
const BUFFER_BYTES: usize = 16 << 20;

fn bad(line: usize, what: impl std::fmt::Display) -> StoreError {
    StoreError::Backup(format!("第 {line} 行：{what}"))
}

fn cells(t: &Table, mut row: Map<String, Value>, line: usize) -> Result<Vec<Cell>, StoreError> {
    let mut out = Vec::with_capacity(t.columns.len());
    for &(name, col) in t.columns {
        let v = row
            .remove(name)
            .ok_or_else(|| bad(line, format_args!("表 {} 缺少列 {name}", t.name)))?;
        let wrong = || bad(line, format_args!("表 {} 列 {name} 的值类型不对", t.name));
        out.push(match (col, v) {
            (Int | OptInt, Value::Number(n)) => Cell::Int(Some(n.as_i64().ok_or_else(wrong)?)),
            (OptInt, Value::Null) => Cell::Int(None),
            (Flag, Value::Number(n)) => match n.as_i64() {
                Some(v @ (0 | 1)) => Cell::Flag(v as i32),
                _ => return Err(wrong()),
            },
            (Real | OptReal, Value::Number(n)) => Cell::Real(Some(n.as_f64().ok_or_else(wrong)?)),
            (OptReal, Value::Null) => Cell::Real(None),
            (Text | OptText, Value::String(s)) => Cell::Text(Some(s)),
            (OptText, Value::Null) => Cell::Text(None),
            (Bytes, Value::String(s)) => Cell::Bytes(hex::decode(s).map_err(|_| wrong())?),
            _ => return Err(wrong()),
        });
    }
    if let Some(extra) = row.keys().next() {
        return Err(bad(line, format_args!("表 {} 没有列 {extra}", t.name)));
    }
    Ok(out)
}

/// Moves a row's id and the ids it references past the ids in use (`offsets`, per table).
fn shift(t: &Table, row: &mut [Cell], offsets: &[i64]) {
    let offset_of = |table: &str| {
        TABLES
            .iter()
            .position(|p| p.name == table)
            .map_or(0, |i| offsets[i])
    };
    for (i, &(name, _)) in t.columns.iter().enumerate() {
        let by = if name == "id" && t.identity {
            offset_of(t.name)
        } else if let Some(&(_, parent)) = t.refs.iter().find(|r| r.0 == name) {
            offset_of(parent)
        } else {
            continue;
        };
        if let Cell::Int(Some(v)) = &mut row[i] {
            *v += by;
        }
    }
}

/// A constraint the restored rows break means a damaged or edited file.
fn refused(t: &Table, e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.kind() != sqlx::error::ErrorKind::Other => {
            StoreError::Backup(format!(
                "表 {} 的数据违反约束（重复的键，或引用了不存在的行），文件可能已损坏或被修改",
                t.name
            ))
        }
        _ => StoreError::from(e),
    }
}

/// Inserts buffered rows of one table with multi-row INSERTs.
macro_rules! flush {
    ($pool:expr, $tx:expr, $table:expr, $rows:expr) => {
        if !$rows.is_empty() {
            let t: &Table = $table;
            let per_statement = ($pool.params_per_insert() / t.columns.len()).max(1);
            for chunk in $rows.chunks(per_statement) {
                // Built from our own table and column names only.
                let mut q = sqlx::query(AssertSqlSafe(insert_sql(t, chunk.len())));
                for row in chunk {
                    for cell in row {
                        q = match cell {
                            Cell::Int(v) => q.bind(*v),
                            Cell::Flag(v) => q.bind(*v),
                            Cell::Real(v) => q.bind(*v),
                            Cell::Text(v) => q.bind(v.as_deref()),
                            Cell::Bytes(v) => q.bind(v.as_slice()),
                        };
                    }
                }
                q.execute(&mut *$tx).await.map_err(|e| refused(t, e))?;
            }
            $rows.clear();
        }
    };
}

impl Store {
    /// Writes every table as JSON Lines (see the module documentation), from one consistent
    /// snapshot; with `district`, only that district's rows (its users, tokens, audit entries
    /// and everything it owns). Sessions are not included. `out` is written synchronously
    /// between database reads: give it a buffer (`Vec<u8>`, `BufWriter<File>`), not a socket.
    pub async fn backup(
        &self,
        out: &mut (dyn Write + Send),
        district: Option<&District>,
    ) -> Result<BackupSummary, StoreError> {
        let header = Header {
            format: BACKUP_FORMAT.to_owned(),
            schema_version: schema_version(&self.pool).await?,
            created_at: now(),
            district: district.map(|d| d.code.clone()),
        };
        let district_id = district.map(|d| d.id.get());
        if header.schema_version != SCHEMA_VERSION {
            return Err(StoreError::Backup(format!(
                "数据库结构版本 {} 与本程序的 {SCHEMA_VERSION} 不一致",
                header.schema_version
            )));
        }
        serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        let mut tables = Vec::with_capacity(TABLES.len());
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_snapshot().await?;
            for t in TABLES {
                let mut rows = 0u64;
                let sql = select_sql(t, district_id.is_some());
                // Built from our own table and column names only.
                let mut query = sqlx::query(AssertSqlSafe(sql));
                if let Some(id) = district_id {
                    query = query.bind(id);
                }
                let mut stream = query.fetch(&mut *tx);
                while let Some(row) = stream.try_next().await? {
                    let mut map = Map::new();
                    for (i, &(name, col)) in t.columns.iter().enumerate() {
                        map.insert(name.to_owned(), cell!(row, i, col));
                    }
                    serde_json::to_writer(
                        &mut *out,
                        &RowLine {
                            table: t.name,
                            row: &map,
                        },
                    )
                    .map_err(std::io::Error::from)?;
                    out.write_all(b"\n")?;
                    rows += 1;
                }
                drop(stream);
                tables.push(TableCount {
                    table: t.name,
                    rows,
                });
            }
            tx.commit().await?;
        });
        let end = End {
            end: tables
                .iter()
                .map(|t| (t.table.to_owned(), t.rows))
                .collect(),
        };
        serde_json::to_writer(&mut *out, &end).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(BackupSummary {
            schema_version: SCHEMA_VERSION,
            tables,
        })
    }

    /// Restores a backup, in one transaction. Without `district`, into an empty database, ids
    /// kept (and PostgreSQL's identities moved past them): [`StoreError::Conflict`] if the
    /// database holds any data. With `district`, a district backup of that district's code
    /// beside the districts already there, every id moved past the ids in use:
    /// [`StoreError::Conflict`] if the database already holds a district of that code (or a
    /// user of one of its login names), [`StoreError::Invalid`] if the file is not that
    /// district's backup. [`StoreError::Backup`] if the file is malformed, truncated or of
    /// another schema version. On any error nothing is written.
    pub async fn restore(
        &self,
        input: &mut (dyn BufRead + Send),
        district: Option<&str>,
    ) -> Result<BackupSummary, StoreError> {
        let mut lines = input.lines().enumerate().map(|(i, l)| (i + 1, l));
        let (_, first) = lines
            .next()
            .ok_or_else(|| StoreError::Backup("文件为空".to_owned()))?;
        let header: Header =
            serde_json::from_str(&first?).map_err(|_| bad(1, "不是 Junheng 备份文件的首行"))?;
        if header.format != BACKUP_FORMAT {
            return Err(bad(
                1,
                format_args!("格式 {} 不是 {BACKUP_FORMAT}", header.format),
            ));
        }
        if header.schema_version != SCHEMA_VERSION {
            return Err(StoreError::Backup(format!(
                "备份的数据库结构版本 {} 与本程序的 {SCHEMA_VERSION} 不一致，\
                 请用相同版本的程序恢复",
                header.schema_version
            )));
        }
        if let Some(code) = district
            && header.district.as_deref() != Some(code.trim())
        {
            return Err(StoreError::Invalid(format!(
                "该文件不是区县 {} 的备份（{}）；按区县恢复只接受 junheng backup --district \
                 生成的该区县备份",
                cut(code.trim(), 20),
                header
                    .district
                    .as_deref()
                    .map_or("整库备份".to_owned(), |d| format!("区县 {d} 的备份")),
            )));
        }
        let mut counts = vec![0u64; TABLES.len()];
        with_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_write().await?;
            let mut offsets = vec![0i64; TABLES.len()];
            if let Some(code) = district {
                if pool.backend() == Backend::Postgres {
                    // No other writer takes an id in the range the restored rows move into.
                    let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
                    sqlx::query(AssertSqlSafe(format!(
                        "LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE",
                        names.join(", ")
                    )))
                    .execute(&mut *tx)
                    .await?;
                }
                let taken: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM districts WHERE code = $1")
                        .bind(code.trim())
                        .fetch_optional(&mut *tx)
                        .await?;
                if taken.is_some() {
                    return Err(StoreError::Conflict(format!(
                        "数据库中已有代码为 {} 的区县",
                        cut(code.trim(), 20)
                    )));
                }
                for (t, offset) in TABLES.iter().zip(offsets.iter_mut()) {
                    if t.identity {
                        // Built from our own table names only.
                        let (max,): (Option<i64>,) = sqlx::query_as(AssertSqlSafe(format!(
                            "SELECT MAX(id) FROM {}",
                            t.name
                        )))
                        .fetch_one(&mut *tx)
                        .await?;
                        *offset = max.unwrap_or(0);
                    }
                }
            }
            for table in ALL_TABLES.iter().filter(|_| district.is_none()) {
                // Built from our own table names only.
                let (n,): (i64,) =
                    sqlx::query_as(AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                        .fetch_one(&mut *tx)
                        .await?;
                if n > 0 {
                    return Err(StoreError::Conflict(
                        "只能恢复到空数据库：该数据库中已有数据".to_owned(),
                    ));
                }
            }
            let mut current = 0usize;
            let mut buffer: Vec<Vec<Cell>> = Vec::new();
            let mut buffered = 0usize;
            let mut end: Option<End> = None;
            for (number, line) in &mut lines {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                if end.is_some() {
                    return Err(bad(number, "结束行之后还有内容"));
                }
                let value: Value =
                    serde_json::from_str(&line).map_err(|_| bad(number, "不是有效的 JSON"))?;
                if value.get("end").is_some() {
                    end = Some(
                        serde_json::from_value(value).map_err(|_| bad(number, "结束行格式不对"))?,
                    );
                    continue;
                }
                let row: InRow =
                    serde_json::from_value(value).map_err(|_| bad(number, "不是表数据行"))?;
                let index = TABLES
                    .iter()
                    .position(|t| t.name == row.table)
                    .ok_or_else(|| bad(number, format_args!("未知的表 {}", row.table)))?;
                if index < current {
                    return Err(bad(
                        number,
                        format_args!("表 {} 的数据不在依赖顺序中", row.table),
                    ));
                }
                if index > current {
                    flush!(pool, tx, &TABLES[current], buffer);
                    buffered = 0;
                    current = index;
                }
                let mut row = cells(&TABLES[index], row.row, number)?;
                shift(&TABLES[index], &mut row, &offsets);
                buffered += row.iter().map(Cell::weight).sum::<usize>();
                buffer.push(row);
                counts[index] += 1;
                if buffer.len() >= 1000 || buffered >= BUFFER_BYTES {
                    flush!(pool, tx, &TABLES[current], buffer);
                    buffered = 0;
                }
            }
            flush!(pool, tx, &TABLES[current], buffer);
            let Some(end) = end else {
                return Err(StoreError::Backup("文件不完整：缺少结束行".to_owned()));
            };
            for (t, &n) in TABLES.iter().zip(&counts) {
                if end.end.get(t.name).copied().unwrap_or(0) != n {
                    return Err(StoreError::Backup(format!(
                        "表 {} 的行数与结束行不符，文件可能不完整",
                        t.name
                    )));
                }
            }
            for t in TABLES.iter().filter(|t| t.identity) {
                if let Some(sql) = pool.advance_identity(t.name) {
                    sqlx::query(AssertSqlSafe(sql)).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
        });
        Ok(BackupSummary {
            schema_version: SCHEMA_VERSION,
            tables: TABLES
                .iter()
                .zip(counts)
                .map(|(t, rows)| TableCount {
                    table: t.name,
                    rows,
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests;
