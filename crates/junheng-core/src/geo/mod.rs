//! A district's boundary for the map: the district's outline and, optionally, its townships
//! (乡镇/街道), in WGS-84 longitude/latitude like the schools' locations; its checks (sizes and
//! coordinate ranges a district can have), and the projection that draws it.
//!
//! ```
//! use junheng_core::geo::{Boundary, Shape};
//! let square = vec![[106.4, 29.4], [106.7, 29.4], [106.7, 29.7], [106.4, 29.7], [106.4, 29.4]];
//! let boundary = Boundary { district: Shape { polygons: vec![vec![square]] }, townships: vec![] };
//! assert!(boundary.check().is_ok());
//! assert!(boundary.district.contains([106.5, 29.5]));
//! assert!(!boundary.district.contains([106.9, 29.5]));
//! ```

mod project;

pub use project::{Extent, Projection};

/// A point: `[经度, 纬度]`, WGS-84 decimal degrees (GeoJSON's order).
pub type Position = [f64; 2];

/// A ring: closed (its last position repeats its first), at least four positions.
pub type Ring = Vec<Position>;

/// Most positions one boundary may hold, district and townships together: a district's outline
/// at the detail of a printed map needs a few thousand; more only slows every map page.
pub const MAX_VERTICES: usize = 100_000;

/// Most townships one boundary may name.
pub const MAX_TOWNSHIPS: usize = 300;

/// Longest township name, in characters.
pub const MAX_TOWNSHIP_NAME: usize = 50;

/// Widest a district's outline may be, in degrees of longitude or latitude (the largest 县 of
/// China spans less than four).
pub const MAX_SPAN_DEGREES: f64 = 5.0;

/// Where a boundary's coordinates may lie: China, with a margin (经度 73–136, 纬度 3–54).
pub const LONGITUDE_RANGE: (f64, f64) = (73.0, 136.0);
/// See [`LONGITUDE_RANGE`].
pub const LATITUDE_RANGE: (f64, f64) = (3.0, 54.0);

/// Polygons, each an outer ring followed by its holes (GeoJSON's MultiPolygon).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    /// The polygons.
    pub polygons: Vec<Vec<Ring>>,
}

/// One township (乡镇/街道) with its name.
#[derive(Debug, Clone, PartialEq)]
pub struct Township {
    /// 名称.
    pub name: String,
    /// Its outline.
    pub shape: Shape,
}

/// A district's outline and its townships.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Boundary {
    /// The district's outline.
    pub district: Shape,
    /// Township outlines (may be empty).
    pub townships: Vec<Township>,
}

/// Why a boundary cannot be used; every message says what is wrong and what is expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BoundaryError {
    /// No polygon at all.
    #[error("{0}没有任何多边形：应为 Polygon 或 MultiPolygon")]
    Empty(String),
    /// A ring with fewer than four positions.
    #[error("{0}有一个环只有 {1} 个点：每个环至少 4 个点（首尾相同）")]
    RingTooShort(String, usize),
    /// A ring whose last position differs from its first.
    #[error("{0}有一个环没有闭合：最后一个点应与第一个点相同")]
    RingNotClosed(String),
    /// A position outside China or not a number.
    #[error(
        "{0}的坐标 [{1}, {2}] 不在中国范围内（经度 73–136，纬度 3–54）：应为 WGS-84 经纬度（度），\
         先经度后纬度；投影坐标（米）或写反的经纬度都不能用"
    )]
    OutOfRange(String, f64, f64),
    /// Too many positions.
    #[error("边界共有 {0} 个点，超过上限 {MAX_VERTICES}：请先在 GIS 软件中简化（抽稀）边界再上传")]
    TooManyVertices(usize),
    /// Too many townships.
    #[error("乡镇边界有 {0} 个，超过上限 {MAX_TOWNSHIPS} 个")]
    TooManyTownships(usize),
    /// An outline wider than a district.
    #[error(
        "区县边界跨越经度 {0:.2} 度、纬度 {1:.2} 度，超过一个区县可能的 {MAX_SPAN_DEGREES} 度：\
         是否上传了市或省的边界？"
    )]
    TooWide(f64, f64),
    /// A township without a usable name.
    #[error(
        "第 {0} 个乡镇没有名称：每个乡镇要素的 properties 中应有 name（或“名称”），\
         不超过 {MAX_TOWNSHIP_NAME} 个字"
    )]
    TownshipName(usize),
}

impl Shape {
    /// Every position of every ring.
    pub fn positions(&self) -> impl Iterator<Item = &Position> {
        self.polygons.iter().flatten().flatten()
    }

    /// Whether `p` lies inside (in an outer ring and in none of its holes), by the even-odd rule.
    pub fn contains(&self, p: Position) -> bool {
        self.polygons.iter().any(|polygon| {
            let mut rings = polygon.iter();
            rings.next().is_some_and(|outer| inside(outer, p)) && !rings.any(|h| inside(h, p))
        })
    }

    fn check(&self, what: &str) -> Result<(), BoundaryError> {
        if self.polygons.iter().all(Vec::is_empty) {
            return Err(BoundaryError::Empty(what.to_owned()));
        }
        for ring in self.polygons.iter().flatten() {
            if ring.len() < 4 {
                return Err(BoundaryError::RingTooShort(what.to_owned(), ring.len()));
            }
            if ring.first() != ring.last() {
                return Err(BoundaryError::RingNotClosed(what.to_owned()));
            }
            for &[lon, lat] in ring {
                let ok = (LONGITUDE_RANGE.0..=LONGITUDE_RANGE.1).contains(&lon)
                    && (LATITUDE_RANGE.0..=LATITUDE_RANGE.1).contains(&lat);
                if !ok {
                    return Err(BoundaryError::OutOfRange(what.to_owned(), lon, lat));
                }
            }
        }
        Ok(())
    }
}

/// Ray casting: whether `p` is inside the closed ring.
fn inside(ring: &[Position], p: Position) -> bool {
    let mut inside = false;
    for pair in ring.windows(2) {
        let ([x1, y1], [x2, y2]) = (pair[0], pair[1]);
        if (y1 > p[1]) != (y2 > p[1]) && p[0] < x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1) {
            inside = !inside;
        }
    }
    inside
}

impl Boundary {
    /// Every check of a boundary a district can have: closed rings of at least four positions,
    /// coordinates inside China, at most [`MAX_VERTICES`] positions and [`MAX_TOWNSHIPS`]
    /// named townships, an outline at most [`MAX_SPAN_DEGREES`] wide.
    pub fn check(&self) -> Result<(), BoundaryError> {
        let vertices = self.vertices();
        if vertices > MAX_VERTICES {
            return Err(BoundaryError::TooManyVertices(vertices));
        }
        if self.townships.len() > MAX_TOWNSHIPS {
            return Err(BoundaryError::TooManyTownships(self.townships.len()));
        }
        self.district.check("区县边界")?;
        let e = Extent::of(self.district.positions());
        let (wide, high) = (e.max_lon - e.min_lon, e.max_lat - e.min_lat);
        if wide > MAX_SPAN_DEGREES || high > MAX_SPAN_DEGREES {
            return Err(BoundaryError::TooWide(wide, high));
        }
        for (i, t) in self.townships.iter().enumerate() {
            let name = t.name.trim();
            if name.is_empty() || name.chars().count() > MAX_TOWNSHIP_NAME {
                return Err(BoundaryError::TownshipName(i + 1));
            }
            t.shape.check(&format!("乡镇“{name}”的边界"))?;
        }
        Ok(())
    }

    /// Positions of the district and its townships.
    pub fn vertices(&self) -> usize {
        self.district.positions().count()
            + self
                .townships
                .iter()
                .map(|t| t.shape.positions().count())
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(lon: f64, lat: f64, side: f64) -> Ring {
        vec![
            [lon, lat],
            [lon + side, lat],
            [lon + side, lat + side],
            [lon, lat + side],
            [lon, lat],
        ]
    }

    fn shape(rings: Vec<Ring>) -> Shape {
        Shape {
            polygons: vec![rings],
        }
    }

    #[test]
    fn holes_are_outside() {
        let s = shape(vec![square(106.0, 29.0, 1.0), square(106.4, 29.4, 0.2)]);
        assert!(s.contains([106.1, 29.1]));
        assert!(!s.contains([106.5, 29.5]));
        assert!(!s.contains([107.5, 29.5]));
    }

    #[test]
    fn checks_say_what_is_wrong() {
        let ok = Boundary {
            district: shape(vec![square(106.0, 29.0, 1.0)]),
            townships: vec![Township {
                name: "甲镇".into(),
                shape: shape(vec![square(106.0, 29.0, 0.5)]),
            }],
        };
        assert_eq!(ok.check(), Ok(()));
        let with = |district: Shape| Boundary {
            district,
            townships: vec![],
        };
        let open = vec![[106.0, 29.0], [106.5, 29.0], [106.5, 29.5], [106.0, 29.6]];
        assert!(matches!(
            with(shape(vec![open])).check(),
            Err(BoundaryError::RingNotClosed(_))
        ));
        let short = vec![[106.0, 29.0], [106.5, 29.0], [106.0, 29.0]];
        assert!(matches!(
            with(shape(vec![short])).check(),
            Err(BoundaryError::RingTooShort(_, 3))
        ));
        // Latitude and longitude swapped.
        let swapped = square(29.0, 106.0, 0.5);
        let e = with(shape(vec![swapped])).check().unwrap_err();
        assert!(e.to_string().contains("不在中国范围内"), "{e}");
        // Projected metres.
        let metres = square(500_000.0, 3_260_000.0, 1000.0);
        assert!(matches!(
            with(shape(vec![metres])).check(),
            Err(BoundaryError::OutOfRange(..))
        ));
        assert!(matches!(
            with(shape(vec![square(100.0, 25.0, 8.0)])).check(),
            Err(BoundaryError::TooWide(..))
        ));
        assert!(matches!(
            with(Shape::default()).check(),
            Err(BoundaryError::Empty(_))
        ));
        let mut unnamed = ok.clone();
        unnamed.townships[0].name = "  ".into();
        assert_eq!(unnamed.check(), Err(BoundaryError::TownshipName(1)));
        let huge: Ring = (0..=MAX_VERTICES)
            .map(|i| [106.0 + (i as f64 * 0.1).cos() * 0.1, 29.0])
            .chain([[106.1, 29.0]])
            .collect();
        assert!(matches!(
            with(shape(vec![huge])).check(),
            Err(BoundaryError::TooManyVertices(_))
        ));
        let nan = vec![
            [f64::NAN, 29.0],
            [106.5, 29.0],
            [106.5, 29.5],
            [f64::NAN, 29.0],
        ];
        assert!(with(shape(vec![nan])).check().is_err());
    }
}
