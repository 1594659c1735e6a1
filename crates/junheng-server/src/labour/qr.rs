//! The QR code of a parent's one-time link on a printed slip: scanned with a phone's camera, it
//! opens the link without typing it. Drawn as inline SVG (no image, nothing fetched); the link
//! stays written out beside it.

use qrcode::{EcLevel, QrCode};

/// The code of `link` (error correction M: a creased or smudged slip still scans), or `None`
/// for a link beyond a QR code's capacity (a link is far shorter).
fn code(link: &str) -> Option<QrCode> {
    QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M).ok()
}

/// The SVG of `link`'s code, at least 132 px wide, with its quiet zone; empty for a link no code
/// can hold.
pub(crate) fn svg(link: &str) -> String {
    code(link).map_or_else(String::new, |c| {
        c.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(132, 132)
            .build()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a phone's camera reads from the code: the code drawn 4 pixels a module with a
    /// 4-module white border, decoded by an independent reader.
    fn scanned(c: &QrCode) -> String {
        let (w, scale, quiet) = (c.width(), 4, 4);
        let colors = c.to_colors();
        let size = (w + 2 * quiet) * scale;
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
            let (mx, my) = (
                (x / scale).wrapping_sub(quiet),
                (y / scale).wrapping_sub(quiet),
            );
            if mx < w && my < w && colors[my * w + mx] == qrcode::Color::Dark {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().expect("a readable code").1
    }

    #[test]
    fn the_code_reads_back_as_the_link_and_is_drawn_as_svg() {
        let link = format!("https://jy.example.gov.cn/labour/p/{}", "0f".repeat(16));
        let c = code(&link).unwrap();
        assert_eq!(scanned(&c), link);
        let drawn = svg(&link);
        assert!(
            drawn.starts_with("<?xml") || drawn.starts_with("<svg"),
            "{drawn:.40}"
        );
        assert!(drawn.contains("viewBox") || drawn.contains("width=\""));
        // Another token, another code.
        assert_ne!(svg(&link.replace("0f", "1e")), drawn);
        // Nothing to draw beyond a code's capacity.
        assert_eq!(svg(&"x".repeat(8000)), "");
    }
}
