//! Passwords: the policy of security.md 25–27 and Argon2id hashing on a bounded pool (28).

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use latchkey_api::Problem;
use latchkey_api::validation::check_password_length;
use tokio::sync::Semaphore;
use unicode_normalization::UnicodeNormalization;

/// Hashes and verifies passwords, at most `concurrency` at a time so a burst of sign-ins cannot
/// take more than 19 MiB × `concurrency` of memory.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    /// A hash of a random password, verified against when the account does not exist so unknown
    /// usernames take as long as known ones.
    dummy_hash: Arc<str>,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher")
            .field("available", &self.permits.available_permits())
            .finish_non_exhaustive()
    }
}

fn argon2() -> Argon2<'static> {
    // m = 19 MiB, t = 2, p = 1 (OWASP's Argon2id minimum, security.md 28).
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Unicode-normalises a password (NFKC) so the same password typed on another keyboard matches.
pub fn normalise(password: &str) -> String {
    password.nfkc().collect()
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(normalise(password).as_bytes(), &salt)
        .expect("Argon2 hashing with valid parameters cannot fail")
        .to_string()
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2()
            .verify_password(normalise(password).as_bytes(), &parsed)
            .is_ok()
    })
}

impl Hasher {
    /// A pool allowing `concurrency` hashes at once.
    pub fn new(concurrency: usize) -> Self {
        use rand::RngCore;
        let mut random = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let dummy: String = random.iter().map(|b| format!("{b:02x}")).collect();
        Self {
            permits: Arc::new(Semaphore::new(concurrency)),
            dummy_hash: hash_now(&dummy).into(),
        }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> T {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        tokio::task::spawn_blocking(work)
            .await
            .expect("password hashing does not panic")
    }

    /// Hashes a password with a fresh salt.
    pub async fn hash(&self, password: &str) -> String {
        let password = password.to_string();
        self.run(move || hash_now(&password)).await
    }

    /// Checks a password against a stored hash; `None` checks against a dummy hash and fails,
    /// taking the same time.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> bool {
        let password = password.to_string();
        let (hash, real) = match hash {
            Some(hash) => (hash.to_string(), true),
            None => (self.dummy_hash.to_string(), false),
        };
        self.run(move || verify_now(&password, &hash) && real).await
    }
}

/// Words a password must not contain: the username, the person's names, the organisation.
pub struct Context<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub organisation_name: &'a str,
}

/// Checks a new password against the policy: length in code points after NFKC, not a commonly
/// used password, no personal or organisation words (security.md 25–27).
pub fn check_new_password(
    password: &str,
    min_length: usize,
    context: &Context<'_>,
) -> Result<(), Problem> {
    let normalised = normalise(password);
    check_password_length(&normalised, min_length)?;
    let lowered = normalised.to_lowercase();
    let local_part = context.email.split('@').next().unwrap_or_default();
    let words = [context.username, local_part, context.organisation_name]
        .into_iter()
        .chain(context.display_name.split_whitespace())
        .map(str::to_lowercase)
        .filter(|word| word.chars().count() >= 4);
    if words.clone().any(|word| lowered.contains(&word)) {
        return Err(Problem::PersonalInformation);
    }
    if is_common(&lowered) {
        return Err(Problem::CommonPassword);
    }
    Ok(())
}

/// Whether the password (ignoring case) is in zxcvbn's lists of ~30 000 common passwords, a small
/// variation of one, or guessable within 10^8 tries (zxcvbn's score below 3, as for
/// "123456789012"). zxcvbn looks each substring up in a hash map and says so in its feedback.
fn is_common(lowered: &str) -> bool {
    use zxcvbn::feedback::Warning;
    let entropy = zxcvbn::zxcvbn(lowered, &[]);
    if entropy.score() < zxcvbn::Score::Three {
        return true;
    }
    entropy
        .feedback()
        .and_then(|f| f.warning())
        .is_some_and(|w| {
            matches!(
                w,
                Warning::ThisIsATop10Password
                    | Warning::ThisIsATop100Password
                    | Warning::ThisIsACommonPassword
                    | Warning::ThisIsSimilarToACommonlyUsedPassword
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOBODY: Context<'static> = Context {
        username: "jdoe",
        display_name: "Jane Doe",
        email: "jane.doe@contoso.com",
        organisation_name: "Contoso",
    };

    #[test]
    fn common_passwords_are_refused_at_any_length() {
        for password in [
            "password1234",
            "qwertyuiopasdfgh",
            "123456789012",
            "Password1234",
        ] {
            assert_eq!(
                check_new_password(password, 12, &NOBODY),
                Err(Problem::CommonPassword),
                "{password}"
            );
        }
    }

    #[test]
    fn unusual_passphrases_are_accepted() {
        for password in [
            "correct horse battery staple",
            "velvet-otter-47-quietly",
            "Zürich 🚲 im Nebel",
            "ç'est la vie au lac bleu",
        ] {
            assert_eq!(
                check_new_password(password, 12, &NOBODY),
                Ok(()),
                "{password}"
            );
        }
    }

    #[test]
    fn personal_and_organisation_words_are_refused() {
        for password in [
            "jdoe-velvet-otter-47",
            "contoso rocks forever!",
            "Velvet Jane 4711 otter",
        ] {
            assert_eq!(
                check_new_password(password, 12, &NOBODY),
                Err(Problem::PersonalInformation),
                "{password}"
            );
        }
    }

    #[test]
    fn length_is_counted_after_nfkc_and_never_truncated() {
        // U+FB01 "ﬁ" is one code point that NFKC turns into the two letters "fi".
        let ligatures = "ﬁ".repeat(6);
        assert_eq!(normalise(&ligatures).chars().count(), 12);
        assert_eq!(
            check_new_password(&"x".repeat(129), 12, &NOBODY),
            Err(Problem::TooLong)
        );
        assert_eq!(
            check_new_password("velvet-otter", 15, &NOBODY),
            Err(Problem::TooShort)
        );
    }

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_required_cost_and_a_unique_salt() {
        let hasher = Hasher::new(1);
        let a = hasher.hash("velvet-otter-47-quietly").await;
        let b = hasher.hash("velvet-otter-47-quietly").await;
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b);
        assert!(hasher.verify("velvet-otter-47-quietly", Some(&a)).await);
        assert!(!hasher.verify("velvet-otter-47-quietlY", Some(&a)).await);
        assert!(!hasher.verify("anything", None).await);
    }

    #[tokio::test]
    async fn equivalent_unicode_forms_verify() {
        let hasher = Hasher::new(1);
        // "é" precomposed vs "e" + combining acute accent.
        let hash = hasher.hash("caf\u{e9} au lait s'il vous pla\u{ee}t").await;
        assert!(
            hasher
                .verify("cafe\u{301} au lait s'il vous pla\u{ee}t", Some(&hash))
                .await
        );
    }
}
