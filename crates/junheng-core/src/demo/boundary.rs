//! The demo district's outline: a lobed closed curve around 106.55°E 29.56°N, about 50 km
//! across, its lobes turned by the seed; every demo school lies inside it.

use std::f64::consts::TAU;

use crate::geo::{Boundary, Position, Shape};

/// The centre of the demo district.
const CENTRE: Position = [106.55, 29.56];
/// Its mean radius, in degrees of latitude.
const RADIUS: f64 = 0.24;
/// Positions of its outline.
const VERTICES: usize = 120;

/// The lobes' phases of a seed (the same seed, the same outline).
fn phases(seed: u64) -> (f64, f64) {
    let mut rng = super::Rng::new(seed ^ 0x6A75_6E68_656E_6701);
    (rng.unit() * TAU, rng.unit() * TAU)
}

/// The outline's radius (degrees of latitude) in direction `angle` (radians).
fn radius(seed: u64, angle: f64) -> f64 {
    let (a, b) = phases(seed);
    RADIUS * (1.0 + 0.16 * (3.0 * angle + a).sin() + 0.08 * (5.0 * angle + b).sin())
}

/// The position `out` of the way from the centre to the outline (0 centre, 1 outline) in the
/// direction `turn` of a full turn (0–1).
pub(super) fn point(seed: u64, turn: f64, out: f64) -> Position {
    let angle = turn * TAU;
    let r = radius(seed, angle) * out;
    let shrink = CENTRE[1].to_radians().cos();
    [
        CENTRE[0] + r * angle.cos() / shrink,
        CENTRE[1] + r * angle.sin(),
    ]
}

/// The outline of the demo district of `seed` (no townships).
///
/// ```
/// use junheng_core::demo::{DemoSpec, boundary, generate};
/// let outline = boundary(7);
/// assert!(outline.check().is_ok());
/// for school in generate(&DemoSpec { schools: 60, seed: 7, year: 2024 }) {
///     let at = school.location.unwrap();
///     assert!(outline.district.contains([at.longitude, at.latitude]));
/// }
/// ```
pub fn boundary(seed: u64) -> Boundary {
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let mut ring: Vec<Position> = (0..VERTICES)
        .map(|i| {
            let [lon, lat] = point(seed, i as f64 / VERTICES as f64, 1.0);
            [round(lon), round(lat)]
        })
        .collect();
    ring.push(ring[0]);
    Boundary {
        district: Shape {
            polygons: vec![vec![ring]],
        },
        townships: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DemoSpec, generate};
    use super::*;

    #[test]
    fn every_school_of_a_large_district_is_inside() {
        for seed in [1, 2024, 99] {
            let outline = boundary(seed);
            assert_eq!(outline.check(), Ok(()));
            let schools = generate(&DemoSpec {
                schools: 500,
                seed,
                year: 2024,
            });
            for s in &schools {
                let at = s.location.unwrap();
                assert!(
                    outline.district.contains([at.longitude, at.latitude]),
                    "{} at {at:?}",
                    s.name
                );
            }
        }
    }
}
