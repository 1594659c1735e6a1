//! `junheng map boundary`: stores a district's boundary for the map (GeoJSON), through the same
//! operation as the web page's upload.

use std::path::{Path, PathBuf};

use clap::{Args as ClapArgs, Subcommand};

use crate::platform::{DistrictDatabase, runtime};
use crate::{Failure, Outcome};

#[derive(Subcommand, Debug)]
pub enum MapAction {
    /// 上传区县边界（GeoJSON 的 Polygon/MultiPolygon，WGS-84 经纬度）；可同时给出乡镇边界
    Boundary(BoundaryArgs),
}

#[derive(ClapArgs, Debug)]
pub struct BoundaryArgs {
    /// 区县边界文件（.geojson）
    pub file: PathBuf,
    /// 乡镇（街道）边界文件：FeatureCollection，每个乡镇一个要素，properties 中写 name
    #[arg(long, value_name = "FILE")]
    pub townships: Option<PathBuf>,
    #[command(flatten)]
    pub db: DistrictDatabase,
    /// 操作人：该区县已启用用户的登录名，记入审计日志（默认 system）
    #[arg(long = "as", value_name = "LOGIN")]
    pub login: Option<String>,
}

fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    let too_big = junheng_io::geojson::MAX_GEOJSON_BYTES as u64;
    match std::fs::metadata(path) {
        Ok(m) if m.len() > too_big => {
            return Err(Failure::Input(format!(
                "{} 超过 {} MB：请先在 GIS 软件中简化（抽稀）边界",
                path.display(),
                too_big >> 20
            )));
        }
        Ok(_) => {}
        Err(e) => return Err(Failure::Input(format!("无法读取 {}：{e}", path.display()))),
    }
    std::fs::read(path).map_err(|e| Failure::Input(format!("无法读取 {}：{e}", path.display())))
}

pub fn run(action: &MapAction) -> Result<Outcome, Failure> {
    let MapAction::Boundary(args) = action;
    let outline = read(&args.file)?;
    let townships = args.townships.as_deref().map(read).transpose()?;
    let file_name = args
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    runtime()?.block_on(args.db.with_district(async |store, district, data| {
        let actor = crate::rotation::actor(store, district, args.login.as_deref()).await?;
        let saved = junheng_app::map::set_boundary(
            data,
            &outline,
            townships.as_deref(),
            &file_name,
            &actor,
        )
        .await
        .map_err(|e| Failure::Input(format!("边界未保存：{e}")))?;
        println!(
            "已保存{}的地图边界：{} 个点，{} 个乡镇（街道）",
            district.name, saved.vertices, saved.townships
        );
        Ok(Outcome::Done)
    }))
}
