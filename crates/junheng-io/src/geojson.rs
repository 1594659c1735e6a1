//! GeoJSON (RFC 7946) boundaries for the map: the district's outline — a `Polygon` or
//! `MultiPolygon` geometry, a `Feature` of one, or a `FeatureCollection` whose features together
//! make the district — and, optionally, its townships: a `FeatureCollection` of named
//! features (`properties.name` or `properties.名称`). Read, then checked by
//! [`Boundary::check`]; written back in one canonical form for storage.
//!
//! ```
//! use junheng_io::geojson::{read_boundary, write_shape};
//! let file = br#"{"type":"Polygon","coordinates":[[[106.4,29.4],[106.7,29.4],[106.7,29.7],[106.4,29.4]]]}"#;
//! let boundary = read_boundary(file, None).unwrap();
//! let again = read_boundary(write_shape(&boundary.district).as_bytes(), None).unwrap();
//! assert_eq!(boundary, again);
//! ```

use junheng_core::geo::{Boundary, Position, Ring, Shape, Township};
use serde_json::{Value, json};

/// Largest boundary file read, in bytes (a detailed district outline with its townships is a
/// few megabytes at most).
pub const MAX_GEOJSON_BYTES: usize = 10 * 1024 * 1024;

/// Reads and checks a district's outline and, when given, its townships. The error says, in
/// Chinese, which file is wrong, what is wrong and what is expected.
pub fn read_boundary(district: &[u8], townships: Option<&[u8]>) -> Result<Boundary, String> {
    let district = parse(district)
        .and_then(|v| district_shape(&v))
        .map_err(|e| format!("区县边界文件{e}"))?;
    let townships = match townships {
        Some(bytes) => parse(bytes)
            .and_then(|v| township_list(&v))
            .map_err(|e| format!("乡镇边界文件{e}"))?,
        None => Vec::new(),
    };
    let boundary = Boundary {
        district,
        townships,
    };
    boundary.check().map_err(|e| e.to_string())?;
    Ok(boundary)
}

/// A shape as a GeoJSON `MultiPolygon` geometry (what [`read_boundary`] reads back).
pub fn write_shape(shape: &Shape) -> String {
    geometry(shape).to_string()
}

/// Townships as a GeoJSON `FeatureCollection` with a `name` each.
pub fn write_townships(townships: &[Township]) -> String {
    let features: Vec<Value> = townships
        .iter()
        .map(|t| json!({"type": "Feature", "properties": {"name": t.name}, "geometry": geometry(&t.shape)}))
        .collect();
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

fn geometry(shape: &Shape) -> Value {
    json!({"type": "MultiPolygon", "coordinates": shape.polygons})
}

fn parse(bytes: &[u8]) -> Result<Value, String> {
    if bytes.len() > MAX_GEOJSON_BYTES {
        return Err(format!(
            "有 {:.1} MB，超过上限 {} MB：请先在 GIS 软件中简化（抽稀）边界",
            bytes.len() as f64 / 1_048_576.0,
            MAX_GEOJSON_BYTES / 1_048_576
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| {
        format!(
            "不是有效的 GeoJSON（JSON 格式错误，第 {} 行第 {} 列）：应为 .geojson 文本文件",
            e.line(),
            e.column()
        )
    })
}

/// A piece of the file echoed in a message, cut to a few dozen characters.
fn cut(text: &str) -> String {
    let mut cut: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        cut.push('…');
    }
    cut
}

fn kind(v: &Value) -> &str {
    v.get("type").and_then(Value::as_str).unwrap_or("")
}

/// The outline: a geometry, a feature, or every feature of a collection together.
fn district_shape(v: &Value) -> Result<Shape, String> {
    match kind(v) {
        "FeatureCollection" => {
            let mut shape = Shape::default();
            for f in features(v)? {
                shape.polygons.extend(feature_shape(f)?.polygons);
            }
            Ok(shape)
        }
        "Feature" => feature_shape(v),
        _ => geometry_shape(v),
    }
}

fn township_list(v: &Value) -> Result<Vec<Township>, String> {
    if kind(v) != "FeatureCollection" {
        return Err("应为 FeatureCollection：每个乡镇一个 Feature，properties 中写 name".into());
    }
    features(v)?
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let props = f.get("properties");
            let name = ["name", "名称", "NAME", "Name"]
                .iter()
                .find_map(|k| props.and_then(|p| p.get(*k)).and_then(Value::as_str))
                .unwrap_or("")
                .trim()
                .to_owned();
            let shape = feature_shape(f).map_err(|e| format!("第 {} 个乡镇{e}", i + 1))?;
            Ok(Township { name, shape })
        })
        .collect()
}

fn features(v: &Value) -> Result<&Vec<Value>, String> {
    v.get("features")
        .and_then(Value::as_array)
        .ok_or_else(|| "的 FeatureCollection 没有 features 数组".to_owned())
}

fn feature_shape(f: &Value) -> Result<Shape, String> {
    if kind(f) != "Feature" {
        return Err(format!("中有一项不是 Feature（是“{}”）", cut(kind(f))));
    }
    geometry_shape(f.get("geometry").unwrap_or(&Value::Null))
}

fn geometry_shape(g: &Value) -> Result<Shape, String> {
    let coordinates = g.get("coordinates").unwrap_or(&Value::Null);
    let polygons = match kind(g) {
        "Polygon" => vec![polygon(coordinates)?],
        "MultiPolygon" => coordinates
            .as_array()
            .ok_or_else(|| "的 MultiPolygon 坐标应为多边形的数组".to_owned())?
            .iter()
            .map(polygon)
            .collect::<Result<_, _>>()?,
        "" => {
            return Err(
                "没有几何类型（type）：应为 Polygon、MultiPolygon、Feature 或 FeatureCollection"
                    .into(),
            );
        }
        other => {
            return Err(format!(
                "的几何类型是“{}”：边界应为 Polygon 或 MultiPolygon（面），不能是点或线",
                cut(other)
            ));
        }
    };
    Ok(Shape { polygons })
}

fn polygon(v: &Value) -> Result<Vec<Ring>, String> {
    let bad = || "的多边形坐标应为环的数组，每个环是 [经度, 纬度] 的数组".to_owned();
    v.as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|ring| {
            ring.as_array()
                .ok_or_else(bad)?
                .iter()
                .map(position)
                .collect::<Result<Ring, String>>()
        })
        .collect()
}

fn position(v: &Value) -> Result<Position, String> {
    let numbers = v.as_array().filter(|a| a.len() >= 2);
    match numbers.map(|a| (a[0].as_f64(), a[1].as_f64())) {
        Some((Some(lon), Some(lat))) => Ok([lon, lat]),
        _ => Err(format!(
            "中有坐标“{}”不是 [经度, 纬度] 两个数字",
            cut(&v.to_string())
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = "[[106.4,29.4],[106.7,29.4],[106.7,29.7],[106.4,29.7],[106.4,29.4]]";

    #[test]
    fn every_form_of_an_outline_reads_the_same() {
        let polygon = format!(r#"{{"type":"Polygon","coordinates":[{SQUARE}]}}"#);
        let multi = format!(r#"{{"type":"MultiPolygon","coordinates":[[{SQUARE}]]}}"#);
        let feature = format!(r#"{{"type":"Feature","properties":{{}},"geometry":{polygon}}}"#);
        let collection = format!(r#"{{"type":"FeatureCollection","features":[{feature}]}}"#);
        let bom = format!("\u{feff}{multi}");
        let read = |t: &str| read_boundary(t.as_bytes(), None).unwrap();
        let first = read(&polygon);
        for t in [&multi, &feature, &collection, &bom] {
            assert_eq!(read(t), first, "{t}");
        }
        let written = write_shape(&first.district);
        assert_eq!(read(&written), first);
    }

    #[test]
    fn townships_carry_their_names_and_round_trip() {
        let outline = format!(r#"{{"type":"Polygon","coordinates":[{SQUARE}]}}"#);
        let towns = format!(
            r#"{{"type":"FeatureCollection","features":[
                {{"type":"Feature","properties":{{"name":"甲街道"}},"geometry":{{"type":"Polygon","coordinates":[{SQUARE}]}}}},
                {{"type":"Feature","properties":{{"名称":"乙镇"}},"geometry":{{"type":"Polygon","coordinates":[{SQUARE}]}}}}]}}"#
        );
        let b = read_boundary(outline.as_bytes(), Some(towns.as_bytes())).unwrap();
        let names: Vec<_> = b.townships.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["甲街道", "乙镇"]);
        let again = read_boundary(
            write_shape(&b.district).as_bytes(),
            Some(write_townships(&b.townships).as_bytes()),
        )
        .unwrap();
        assert_eq!(again, b);
    }

    #[test]
    fn bad_files_are_refused_with_what_is_expected() {
        let refuse = |district: &str, towns: Option<&str>| {
            read_boundary(district.as_bytes(), towns.map(str::as_bytes)).unwrap_err()
        };
        let ok = format!(r#"{{"type":"Polygon","coordinates":[{SQUARE}]}}"#);
        assert!(refuse("{not json", None).contains("不是有效的 GeoJSON"));
        assert!(
            refuse(r#"{"type":"Point","coordinates":[106,29]}"#, None).contains("不能是点或线")
        );
        assert!(refuse(r#"{"coordinates":[]}"#, None).contains("没有几何类型"));
        assert!(
            refuse(
                r#"{"type":"Polygon","coordinates":[[[106,"x"],[106.5,29],[106.5,29.5],[106,29]]]}"#,
                None
            )
            .contains("不是 [经度, 纬度] 两个数字")
        );
        let swapped = r#"{"type":"Polygon","coordinates":[[[29.4,106.4],[29.7,106.4],[29.7,106.7],[29.4,106.4]]]}"#;
        assert!(refuse(swapped, None).contains("不在中国范围内"));
        let unnamed = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{}},"geometry":{ok}}}]}}"#
        );
        assert!(refuse(&ok, Some(&unnamed)).contains("没有名称"));
        assert!(refuse(&ok, Some(&ok)).starts_with("乡镇边界文件应为 FeatureCollection"));
        let huge = vec![b' '; MAX_GEOJSON_BYTES + 1];
        assert!(
            read_boundary(&huge, None)
                .unwrap_err()
                .contains("超过上限 10 MB")
        );
    }
}
