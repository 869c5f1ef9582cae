//! The organisation's look from the settings: an accent colour whose contrast is checked at
//! start-up (WCAG 2.2: at least 4.5:1 against the light theme's white cards and grey page), a
//! logo, the helpdesk link's text and a message on the sign-in page.

/// The least contrast text and controls need (WCAG 2.2 AA, 1.4.3).
pub const MIN_CONTRAST: f64 = 4.5;

/// What the accent must stand out against in the light theme: the cards (white), the page
/// (`--background` in style/main.css), and the text on the accent's buttons (white).
const LIGHT_BACKGROUNDS: [(&str, [u8; 3]); 2] = [
    ("white", [0xff, 0xff, 0xff]),
    ("the page's grey", [0xf6, 0xf7, 0xf9]),
];

/// `#1d4ed8` or `#1D4ED8` as red, green and blue.
pub fn parse_hex(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG relative luminance.
fn luminance(rgb: [u8; 3]) -> f64 {
    let channel = |value: u8| {
        let c = f64::from(value) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// The WCAG contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The accent colour in lower case, or why it cannot be used.
pub fn check_accent(text: &str) -> Result<String, String> {
    let rgb = parse_hex(text)
        .ok_or_else(|| format!("accent_colour must be a colour like #1d4ed8 (it is {text:?})"))?;
    for (name, background) in LIGHT_BACKGROUNDS {
        let ratio = contrast(rgb, background);
        if ratio < MIN_CONTRAST {
            return Err(format!(
                "accent_colour {text} has a contrast of {ratio:.2}:1 against {name}; links and \
                 buttons need at least {MIN_CONTRAST}:1 — choose a darker shade"
            ));
        }
    }
    Ok(text.trim().to_lowercase())
}

/// The origin a logo is loaded from, when it is not this server (for the CSP's `img-src`).
pub fn logo_origin(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    Some(parsed.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
        assert!((contrast([0x77, 0x77, 0x77], [255, 255, 255]) - 4.48).abs() < 0.01);
    }

    #[test]
    fn dark_enough_accents_pass_and_light_ones_are_refused_with_the_ratio() {
        assert_eq!(check_accent("#1D4ED8").unwrap(), "#1d4ed8");
        let refused = check_accent("#ffcc00").unwrap_err();
        assert!(refused.contains(":1 against white"), "{refused}");
        assert!(check_accent("blue").is_err());
        assert!(check_accent("#12345").is_err());
    }

    #[test]
    fn only_other_origins_are_named() {
        assert_eq!(
            logo_origin("https://cdn.contoso.com/logo.svg").as_deref(),
            Some("https://cdn.contoso.com")
        );
        assert_eq!(logo_origin("/logo.svg"), None);
    }
}
