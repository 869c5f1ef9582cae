//! Authenticator app codes (security.md 29–33): a 160-bit seed from the OS's CSPRNG, SHA1, six
//! digits, 30-second steps; the current and the previous step are accepted, and never a step at
//! or before the last one accepted.

use totp_rs::{Algorithm, TOTP};

/// Seconds per step.
pub const STEP: i64 = 30;
/// Authenticator apps one person may register.
pub const MAX_APPS: usize = 5;

/// A new seed: 20 random bytes.
pub fn new_seed() -> Vec<u8> {
    use rand::RngCore;
    let mut seed = vec![0; 20];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    seed
}

fn totp(seed: &[u8]) -> TOTP {
    TOTP::new_unchecked(Algorithm::SHA1, 6, 0, STEP as u64, seed.to_vec())
}

/// The seed in base32 without padding, as apps take it.
pub fn base32(seed: &[u8]) -> String {
    totp(seed).get_secret_base32()
}

/// The base32 key in groups of four, for typing: `JBSW Y3DP EHPK 3PXP`.
pub fn grouped(key: &str) -> String {
    key.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The address a QR code carries (security.md 33): issuer and account without colons,
/// percent-encoded.
pub fn otpauth_uri(issuer: &str, account: &str, key: &str) -> String {
    let clean = |text: &str| text.replace(':', "");
    let encode = |text: &str| {
        url::form_urlencoded::byte_serialize(text.as_bytes())
            .collect::<String>()
            .replace('+', "%20")
    };
    let (issuer, account) = (encode(&clean(issuer)), encode(&clean(account)));
    format!(
        "otpauth://totp/{issuer}:{account}?secret={key}&issuer={issuer}&algorithm=SHA1&digits=6&period={STEP}"
    )
}

/// The code an app shows during the step that contains `time` (seconds since the epoch).
pub fn code_at(seed: &[u8], time: i64) -> String {
    totp(seed).generate(time.max(0) as u64)
}

/// The step a typed code belongs to, if it is the current or the previous one and later than
/// `last_step`, the last step accepted.
pub fn accepted_step(seed: &[u8], typed: &str, now: i64, last_step: Option<i64>) -> Option<i64> {
    let current = now.div_euclid(STEP);
    [current, current - 1].into_iter().find(|&step| {
        step > last_step.unwrap_or(i64::MIN)
            && constant_time_eq(code_at(seed, step * STEP).as_bytes(), typed.as_bytes())
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The QR code of an address, as SVG: dark on light whatever the page's theme, with its quiet
/// zone.
pub fn qr_svg(address: &str) -> String {
    use qrcode::render::svg;
    qrcode::QrCode::new(address.as_bytes())
        .map(|code| {
            code.render()
                .min_dimensions(200, 200)
                .dark_color(svg::Color("#000000"))
                .light_color(svg::Color("#ffffff"))
                .build()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SEED: &[u8] = b"12345678901234567890";

    /// RFC 4226 appendix D: HOTP values for counters 0–9 — the TOTP of step N is the HOTP of N.
    #[test]
    fn rfc_4226_appendix_d() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in expected.iter().enumerate() {
            let time = counter as i64 * STEP;
            assert_eq!(code_at(RFC_SEED, time), *code, "counter {counter}");
            assert_eq!(
                accepted_step(RFC_SEED, code, time, None),
                Some(counter as i64),
                "counter {counter}"
            );
        }
    }

    /// RFC 6238 appendix B, SHA1 rows, through Latchkey's own code: the RFC shows eight digits,
    /// and six are their last six (the truncation keeps the low digits). Each code is the one
    /// shown at that time and is accepted then.
    #[test]
    fn rfc_6238_appendix_b() {
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            let six = &eight[2..];
            assert_eq!(code_at(RFC_SEED, time), six, "time {time}");
            assert_eq!(
                accepted_step(RFC_SEED, six, time, None),
                Some(time / STEP),
                "time {time}"
            );
        }
    }

    #[test]
    fn seeds_are_160_random_bits() {
        let (a, b) = (new_seed(), new_seed());
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        assert_eq!(base32(&a).len(), 32);
        assert!(!base32(&a).contains('='));
    }

    #[test]
    fn the_uri_is_exactly_as_security_md_says() {
        assert_eq!(
            otpauth_uri("Contoso", "jdoe@contoso.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Contoso:jdoe%40contoso.com?secret=JBSWY3DPEHPK3PXP&issuer=Contoso&algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(
            otpauth_uri("Fabrikam: IT", "a:b@x.org", "K"),
            "otpauth://totp/Fabrikam%20IT:ab%40x.org?secret=K&issuer=Fabrikam%20IT&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn keys_are_grouped_in_fours() {
        assert_eq!(grouped("JBSWY3DPEHPK3PXPAB"), "JBSW Y3DP EHPK 3PXP AB");
    }

    #[test]
    fn the_current_and_previous_steps_only() {
        let seed = RFC_SEED;
        let now = 1_000_000_020; // 20 s into step 33 333 334
        let step = now / STEP;
        let at = |s: i64| code_at(seed, s * STEP);
        assert_eq!(accepted_step(seed, &at(step), now, None), Some(step));
        assert_eq!(
            accepted_step(seed, &at(step - 1), now, None),
            Some(step - 1)
        );
        assert_eq!(accepted_step(seed, &at(step - 2), now, None), None);
        assert_eq!(accepted_step(seed, &at(step + 1), now, None), None);
        // The edges: the first and last second of a step.
        assert_eq!(
            accepted_step(seed, &at(step), step * STEP, None),
            Some(step)
        );
        assert_eq!(
            accepted_step(seed, &at(step), step * STEP + 29, None),
            Some(step)
        );
        assert_eq!(
            accepted_step(seed, &at(step), step * STEP + 30, None),
            Some(step)
        );
        assert_eq!(accepted_step(seed, &at(step), step * STEP + 60, None), None);
    }

    #[test]
    fn no_replay_of_the_step_accepted_or_any_before_it() {
        let seed = RFC_SEED;
        let now = 1_000_000_020;
        let step = now / STEP;
        let at = |s: i64| code_at(seed, s * STEP);
        assert_eq!(accepted_step(seed, &at(step), now, Some(step)), None);
        assert_eq!(
            accepted_step(seed, &at(step - 1), now, Some(step - 1)),
            None
        );
        assert_eq!(
            accepted_step(seed, &at(step), now, Some(step - 1)),
            Some(step)
        );
    }

    #[test]
    fn the_qr_code_is_svg() {
        let svg = qr_svg("otpauth://totp/A:b?secret=K");
        assert!(svg.contains("<svg") && svg.contains("#000000"));
    }
}
