//! Passwords: the policy of security.md 25–27 (with the directory's published rules) and Argon2id
//! hashing on a bounded pool (28) with a bounded queue for sign-ins (56).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use latchkey_api::Problem;
use latchkey_api::validation::check_password_length;
use unicode_normalization::UnicodeNormalization;

use crate::config::{Config, QUEUE_PER_THREAD};

/// A hashing job for the pool's threads.
type Job = Box<dyn FnOnce() + Send>;

/// Hashes and verifies passwords on `concurrency` threads of its own, so a burst of sign-ins
/// cannot take more than 19 MiB × `concurrency` of memory: the same few threads reuse their
/// memory, where a thread per job would leave each its own 19 MiB in the allocator.
#[derive(Clone)]
pub struct Hasher {
    jobs: Sender<Job>,
    threads: usize,
    /// A hash of a random password, verified against when the account does not exist so unknown
    /// usernames take as long as known ones.
    dummy_hash: Arc<str>,
    /// Jobs sent and not yet started (for the metrics).
    waiting: Arc<AtomicUsize>,
    /// How many sign-ins' checks may wait for a thread; more are refused at once.
    queue: usize,
}

/// A sign-in refused because the hashing queue is full (security.md 56).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hasher")
            .field("threads", &self.threads)
            .field("queue", &self.queue)
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

/// Blocks of Argon2 memory: 19 MiB.
const MEMORY_BLOCKS: usize = 19 * 1024;

thread_local! {
    /// Each hashing thread's Argon2 memory, allocated once and reused for every check: fresh
    /// 19 MiB allocations would be kept by the allocator as they are freed, and a burst of
    /// sign-ins would grow the process far beyond the pool's size.
    static MEMORY: std::cell::RefCell<Vec<argon2::Block>> =
        std::cell::RefCell::new(vec![argon2::Block::default(); MEMORY_BLOCKS]);
}

fn verify_now(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let ours = argon2();
    let ours_params = ours.params();
    let same_cost = Params::try_from(&parsed).is_ok_and(|params| {
        (params.m_cost(), params.t_cost(), params.p_cost())
            == (
                ours_params.m_cost(),
                ours_params.t_cost(),
                ours_params.p_cost(),
            )
    }) && parsed.algorithm == Algorithm::Argon2id.ident()
        && parsed.version == Some(Version::V0x13.into());
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    if !same_cost {
        // An older cost: the library's own check, with memory of its own.
        return ours
            .verify_password(normalise(password).as_bytes(), &parsed)
            .is_ok();
    }
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let mut computed = vec![0u8; expected.len()];
    let done = MEMORY.with_borrow_mut(|memory| {
        ours.hash_password_into_with_memory(
            normalise(password).as_bytes(),
            salt,
            &mut computed,
            memory.as_mut_slice(),
        )
    });
    // `Output` compares in constant time.
    done.is_ok() && argon2::password_hash::Output::new(&computed).is_ok_and(|c| c == expected)
}

impl Hasher {
    /// A pool of `concurrency` hashing threads; they stop when the last clone is dropped. Up to
    /// [`QUEUE_PER_THREAD`] sign-ins per thread may wait (see [`Hasher::with_queue`]).
    pub fn new(concurrency: usize) -> Self {
        use rand::RngCore;
        let (jobs, queue) = channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let waiting = Arc::new(AtomicUsize::new(0));
        for n in 0..concurrency.max(1) {
            let queue = queue.clone();
            let waiting = waiting.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || {
                    loop {
                        // The lock is held only to take the next job, not to run it.
                        let job = queue.lock().map(|queue| queue.recv());
                        match job {
                            Ok(Ok(job)) => {
                                waiting.fetch_sub(1, Ordering::Relaxed);
                                job();
                            }
                            _ => break,
                        }
                    }
                })
                .expect("a hashing thread can start");
        }
        let mut random = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut random);
        let dummy: String = random.iter().map(|b| format!("{b:02x}")).collect();
        Self {
            jobs,
            threads: concurrency.max(1),
            waiting,
            dummy_hash: hash_now(&dummy).into(),
            queue: concurrency.max(1) * QUEUE_PER_THREAD,
        }
    }

    /// The same pool, letting at most `queue` sign-ins wait for a thread.
    pub fn with_queue(mut self, queue: usize) -> Self {
        self.queue = queue;
        self
    }

    /// Runs `work` on one of the pool's threads, waiting for a free one.
    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> T {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        self.send(work).await
    }

    /// Runs `work` like [`Hasher::run`] if fewer than the queue's length wait; else refuses at
    /// once, whatever the work.
    async fn run_if_room<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        self.waiting
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |waiting| {
                (waiting < self.queue).then_some(waiting + 1)
            })
            .map_err(|_| Busy)?;
        Ok(self.send(work).await)
    }

    /// Hands `work`, already counted as waiting, to the pool's threads.
    async fn send<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        self.jobs
            .send(job)
            .expect("the hashing threads live as long as the pool");
        result.await.expect("password hashing does not panic")
    }

    /// How many hashes wait for a free thread now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Hashes a password with a fresh salt.
    pub async fn hash(&self, password: &str) -> String {
        let password = password.to_string();
        self.run(move || hash_now(&password)).await
    }

    /// Checks a password against a stored hash; `None` checks against a dummy hash and fails,
    /// taking the same time.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> bool {
        self.run(self.check(password, hash)).await
    }

    /// [`Hasher::verify`] for a sign-in: refused with [`Busy`] when the queue is full, the same
    /// for every name (an unknown one too), before any work.
    pub async fn verify_sign_in(&self, password: &str, hash: Option<&str>) -> Result<bool, Busy> {
        self.run_if_room(self.check(password, hash)).await
    }

    /// The work of checking `password` against `hash`, or against the dummy hash and failing.
    fn check(&self, password: &str, hash: Option<&str>) -> impl FnOnce() -> bool + Send + 'static {
        let password = password.to_string();
        let (hash, real) = match hash {
            Some(hash) => (hash.to_string(), true),
            None => (self.dummy_hash.to_string(), false),
        };
        move || verify_now(&password, &hash) && real
    }
}

/// The directory's own password rules, where it publishes them (none for Latchkey's own
/// accounts: its policy is all there is).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    pub min_length: Option<usize>,
    /// How many previous passwords it refuses.
    pub history: Option<u32>,
    /// Three kinds of characters (Active Directory's complexity rule).
    pub complexity: bool,
}

/// Words a password must not contain: the username, the person's names, the organisation.
pub struct Context<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub organisation_name: &'a str,
}

/// Latchkey's policy for `user`'s new password, with their names and the organisation's as the
/// words it must not contain, and the directory's published rules (the longer minimum length;
/// three kinds of characters where it asks for complexity).
pub fn check_for(
    config: &Config,
    rules: Rules,
    user: &crate::store::User,
    password: &str,
) -> Result<(), Problem> {
    let context = Context {
        username: &user.username,
        display_name: &user.display_name,
        email: &user.email,
        organisation_name: &config.organisation_name,
    };
    let min_length = rules
        .min_length
        .map_or(config.password_min_length, |theirs| {
            theirs.max(config.password_min_length)
        });
    check_new_password(password, min_length, &context)?;
    if rules.complexity && !latchkey_api::validation::mixes_enough_kinds(password) {
        return Err(Problem::NotComplexEnough);
    }
    Ok(())
}

/// The live requirements' answer for `user`'s candidate password.
pub fn verdict(
    config: &Config,
    rules: Rules,
    user: &crate::store::User,
    password: &str,
) -> latchkey_api::types::PasswordCheck {
    let checked = check_for(config, rules, user, password);
    latchkey_api::types::PasswordCheck {
        acceptable: checked.is_ok(),
        problems: checked
            .err()
            .map(|problem| latchkey_api::validation::field_error("password", "password", problem))
            .into_iter()
            .collect(),
    }
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

    const PASSWORD: &str = "velvet-otter-47-quietly";

    const NOBODY: Context<'static> = Context {
        username: "jdoe",
        display_name: "Jane Doe",
        email: "jane.doe@contoso.com",
        organisation_name: "Contoso",
    };

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_the_pool_allows() {
        // security.md 28: a burst cannot run more Argon2 computations (19 MiB each) at once
        // than the pool has threads; the rest wait, and the metrics can see them waiting.
        let hasher = Hasher::new(2);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        // The jobs hold their threads until the waiting ones have been counted, however slowly
        // a busy machine starts them.
        let gate = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let burst: Vec<_> = (0..12)
            .map(|_| {
                let (hasher, running, most) = (hasher.clone(), running.clone(), most.clone());
                let gate = gate.clone();
                tokio::spawn(async move {
                    hasher
                        .run(move || {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            while !gate.load(Ordering::SeqCst) {
                                std::thread::sleep(std::time::Duration::from_millis(5));
                            }
                            running.fetch_sub(1, Ordering::SeqCst);
                        })
                        .await
                })
            })
            .collect();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while hasher.waiting() < 10 && std::time::Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(hasher.waiting(), 10, "all but the pool's two wait");
        gate.store(true, Ordering::SeqCst);
        for job in burst {
            job.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 2);
        assert_eq!(hasher.waiting(), 0);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sign_ins_beyond_the_queue_are_refused_at_once_whatever_the_name() {
        // security.md 56: one thread busy, two sign-ins waiting; the next is refused without
        // waiting, for a known hash and an unknown name alike, and the waiting ones still run.
        let hasher = Hasher::new(1).with_queue(2);
        let hash = hasher.hash(PASSWORD).await;
        let (started, running) = tokio::sync::oneshot::channel();
        let (release, held) = std::sync::mpsc::channel::<()>();
        let holder = hasher.clone();
        let holding = tokio::spawn(async move {
            holder
                .run(move || {
                    let _ = started.send(());
                    let _ = held.recv();
                })
                .await
        });
        running.await.unwrap();
        let waiting: Vec<_> = (0..2)
            .map(|_| {
                let (hasher, hash) = (hasher.clone(), hash.clone());
                tokio::spawn(async move { hasher.verify_sign_in(PASSWORD, Some(&hash)).await })
            })
            .collect();
        while hasher.waiting() < 2 {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        let asked = std::time::Instant::now();
        assert_eq!(
            hasher.verify_sign_in(PASSWORD, Some(&hash)).await,
            Err(Busy)
        );
        assert_eq!(hasher.verify_sign_in(PASSWORD, None).await, Err(Busy));
        assert!(asked.elapsed() < std::time::Duration::from_millis(50));
        release.send(()).unwrap();
        holding.await.unwrap();
        for sign_in in waiting {
            assert_eq!(sign_in.await.unwrap(), Ok(true));
        }
        assert_eq!(hasher.verify_sign_in("wrong", Some(&hash)).await, Ok(false));
    }

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

    #[test]
    fn hashes_of_another_cost_still_verify() {
        let cheap = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        let old = cheap
            .hash_password(b"velvet-otter-47-quietly", &salt)
            .unwrap()
            .to_string();
        assert!(verify_now("velvet-otter-47-quietly", &old));
        assert!(!verify_now("velvet-otter-47-quietlY", &old));
        assert!(!verify_now("velvet-otter-47-quietly", "not a hash"));
    }
}
