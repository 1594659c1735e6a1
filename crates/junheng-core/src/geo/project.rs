//! The map's projection: equirectangular, longitudes shrunk by the cosine of the middle latitude
//! so that a district (a few dozen kilometres) keeps its shape, fitted into a drawing area.

use super::Position;

/// The extent of some positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// Westernmost longitude.
    pub min_lon: f64,
    /// Easternmost longitude.
    pub max_lon: f64,
    /// Southernmost latitude.
    pub min_lat: f64,
    /// Northernmost latitude.
    pub max_lat: f64,
}

impl Extent {
    /// The extent of `positions`; an empty extent (min above max) for none.
    pub fn of<'a>(positions: impl IntoIterator<Item = &'a Position>) -> Self {
        let mut e = Extent {
            min_lon: f64::INFINITY,
            max_lon: f64::NEG_INFINITY,
            min_lat: f64::INFINITY,
            max_lat: f64::NEG_INFINITY,
        };
        for &[lon, lat] in positions {
            e.min_lon = e.min_lon.min(lon);
            e.max_lon = e.max_lon.max(lon);
            e.min_lat = e.min_lat.min(lat);
            e.max_lat = e.max_lat.max(lat);
        }
        e
    }

    /// Whether no position was seen.
    pub fn is_empty(&self) -> bool {
        self.min_lon > self.max_lon
    }

    /// The extent of both.
    pub fn union(self, other: Extent) -> Extent {
        Extent {
            min_lon: self.min_lon.min(other.min_lon),
            max_lon: self.max_lon.max(other.max_lon),
            min_lat: self.min_lat.min(other.min_lat),
            max_lat: self.max_lat.max(other.max_lat),
        }
    }
}

/// From longitude/latitude to drawing coordinates (x to the right, y downwards).
///
/// ```
/// use junheng_core::geo::{Extent, Projection};
/// let e = Extent::of(&[[106.0, 29.0], [107.0, 30.0]]);
/// let p = Projection::fit(e, 600.0, 400.0, 20.0);
/// let (x, y) = p.project([106.0, 30.0]);
/// assert!(x >= 20.0 - 1e-9 && y >= 20.0 - 1e-9, "north-west corner inside the margin");
/// let (x2, y2) = p.project([107.0, 29.0]);
/// assert!(x2 > x && y2 > y && x2 <= 580.0 + 1e-9 && y2 <= 380.0 + 1e-9);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    west: f64,
    north: f64,
    shrink: f64,
    scale: f64,
    left: f64,
    top: f64,
}

impl Projection {
    /// The projection that fits `extent` into `width` × `height` inside a margin of `pad`,
    /// centred, the same scale on both axes. A degenerate extent (one point) gets a scale
    /// of about a kilometre across the drawing.
    pub fn fit(extent: Extent, width: f64, height: f64, pad: f64) -> Self {
        let shrink = ((extent.min_lat + extent.max_lat) / 2.0)
            .to_radians()
            .cos()
            .max(0.1);
        let span_x = ((extent.max_lon - extent.min_lon) * shrink).max(0.01);
        let span_y = (extent.max_lat - extent.min_lat).max(0.01);
        let (inner_w, inner_h) = ((width - 2.0 * pad).max(1.0), (height - 2.0 * pad).max(1.0));
        let scale = (inner_w / span_x).min(inner_h / span_y);
        let mid_lon = (extent.min_lon + extent.max_lon) / 2.0;
        let mid_lat = (extent.min_lat + extent.max_lat) / 2.0;
        Projection {
            west: mid_lon - span_x / 2.0 / shrink,
            north: mid_lat + span_y / 2.0,
            shrink,
            scale,
            left: pad + (inner_w - span_x * scale) / 2.0,
            top: pad + (inner_h - span_y * scale) / 2.0,
        }
    }

    /// The drawing coordinates of a position.
    pub fn project(&self, [lon, lat]: Position) -> (f64, f64) {
        (
            self.left + (lon - self.west) * self.shrink * self.scale,
            self.top + (self.north - lat) * self.scale,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_position_of_the_extent_lands_inside_the_margin(
            lon in 74.0f64..130.0, lat in 4.0f64..50.0,
            w in 0.0f64..3.0, h in 0.0f64..3.0,
            fx in 0.0f64..=1.0, fy in 0.0f64..=1.0,
        ) {
            let e = Extent::of(&[[lon, lat], [lon + w, lat + h]]);
            let p = Projection::fit(e, 640.0, 480.0, 24.0);
            let (x, y) = p.project([lon + w * fx, lat + h * fy]);
            prop_assert!((24.0 - 1e-6..=616.0 + 1e-6).contains(&x), "x {}", x);
            prop_assert!((24.0 - 1e-6..=456.0 + 1e-6).contains(&y), "y {}", y);
        }
    }

    #[test]
    fn north_is_up_and_shapes_keep_their_proportions() {
        // A square of 0.1° of latitude by 0.1° / cos(30°) of longitude is square on the ground.
        let side = 0.1 / 30f64.to_radians().cos();
        let e = Extent::of(&[[106.0, 29.95], [106.0 + side, 30.05]]);
        let p = Projection::fit(e, 500.0, 500.0, 0.0);
        let (x0, y0) = p.project([106.0, 30.05]);
        let (x1, y1) = p.project([106.0 + side, 29.95]);
        assert!(y1 > y0, "south is below");
        assert!(((x1 - x0) - (y1 - y0)).abs() < 1.0, "{x0} {y0} {x1} {y1}");
    }
}
