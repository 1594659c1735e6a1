//! Axes: round ticks ("nice numbers": steps of 1, 2, 2.5 or 5 times a power of ten) and the
//! numbers written on them.

/// The ticks of an axis from 0 to at least a maximum.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    /// The axis' end: the last tick, at or above the maximum.
    pub top: f64,
    /// The ticks, from 0.
    pub values: Vec<f64>,
    /// Decimals that write every tick exactly.
    decimals: usize,
}

impl Ticks {
    /// About `count` round ticks from 0 up to `max` or just above it.
    ///
    /// `Ticks::new(0.47, 5)` gives 0, 0.1 … 0.5; `Ticks::new(1234.0, 5)` 0, 250 … 1250.
    pub fn new(max: f64, count: usize) -> Self {
        let max = if max.is_finite() && max > 0.0 {
            max
        } else {
            1.0
        };
        let raw = max / count.max(1) as f64;
        let magnitude = 10f64.powf(raw.log10().floor());
        let (factor, step) = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|f| (f, f * magnitude))
            .find(|(_, s)| *s >= raw * (1.0 - 1e-9))
            .unwrap_or((10.0, 10.0 * magnitude));
        let n = (max / step - 1e-9).ceil().max(1.0) as usize;
        let extra = usize::from(factor == 2.5);
        let decimals = (-(step.log10().floor()) as i64 + extra as i64).max(0) as usize;
        let values: Vec<f64> = (0..=n).map(|i| i as f64 * step).collect();
        Ticks {
            top: values[n],
            values,
            decimals,
        }
    }

    /// A tick written with just the decimals the step needs.
    pub fn text(&self, v: f64) -> String {
        format!("{v:.*}", self.decimals)
    }
}

/// Numbers on labels: at most 3 significant decimals, no trailing zeros.
pub(crate) fn short_number(v: f64) -> String {
    let text = if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ticks_are_round() {
        let t = Ticks::new(0.47, 5);
        let texts: Vec<String> = t.values.iter().map(|v| t.text(*v)).collect();
        assert_eq!(texts, ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5"]);
        let t = Ticks::new(1234.0, 5);
        assert_eq!(t.top, 1250.0);
        assert_eq!(t.text(t.values[1]), "250");
        let t = Ticks::new(7.0, 4);
        assert_eq!(t.values, [0.0, 2.0, 4.0, 6.0, 8.0]);
        let t = Ticks::new(0.0, 4);
        assert_eq!(t.top, 1.0);
        let t = Ticks::new(0.9, 4);
        assert_eq!(t.text(t.values[1]), "0.25");
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(2000.0), "2000");
        assert_eq!(short_number(4.5), "4.5");
        assert_eq!(short_number(0.123_456), "0.12");
        assert_eq!(short_number(12.34), "12.3");
    }

    proptest! {
        #[test]
        fn the_axis_covers_the_maximum_with_few_round_steps(max in 1e-4f64..1e7, count in 2usize..8) {
            let t = Ticks::new(max, count);
            prop_assert!(t.top >= max);
            prop_assert!(t.values.len() >= 2 && t.values.len() <= 2 * count + 2, "{:?}", t.values);
            let step = t.values[1];
            let mantissa = step / 10f64.powf(step.log10().floor());
            prop_assert!([1.0, 2.0, 2.5, 5.0].iter().any(|m| (mantissa - m).abs() < 1e-6), "{}", step);
            // Each tick reads back as itself.
            for v in &t.values {
                let back: f64 = t.text(*v).parse().unwrap();
                prop_assert!((back - v).abs() <= step * 1e-6);
            }
        }
    }
}
