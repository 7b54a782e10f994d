//! The voting link as a QR code: an SVG drawn here, as a `data:` URI the
//! facilitator's window and the projector show in an `<img>`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use qrcode::QrCode;
use qrcode::render::svg;

/// `url` as a QR code, an SVG image in a `data:` URI: dark modules on white
/// with the quiet zone, so phones read it on a dark projector too.
pub fn data_uri(url: &str) -> Result<String, qrcode::types::QrError> {
    let code = QrCode::new(url.as_bytes())?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        STANDARD.encode(image.as_bytes())
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_link_becomes_an_svg_data_uri() {
        let uri = super::data_uri("http://192.168.1.23:41234/abcdefghijklmnopqrstuvwxyz012345/")
            .unwrap_or_else(|e| panic!("{e}"));
        let b64 = uri
            .strip_prefix("data:image/svg+xml;base64,")
            .unwrap_or_else(|| panic!("{uri}"));
        use base64::Engine;
        let svg = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap_or_else(|e| panic!("{e}"));
        let svg = String::from_utf8(svg).unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
        assert!(!svg.contains("<script"));
    }
}
