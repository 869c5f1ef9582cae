//! A passkey made in the test with OpenSSL (P-256, packed self-attestation), which answers a
//! ceremony as it is told: its genuine answer, or one with a single thing wrong — the client
//! data's type, another ceremony's challenge, no user presence, or a signature by another key.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::sign::Signer;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Where the answers come from: on the tests' passkey origin allowlist.
pub const ORIGIN: &str = "http://localhost:3000";
const RP_ID: &str = "localhost";

/// Authenticator data flags: user present, user verified, attested credential data.
const USER_PRESENT: u8 = 0x01;
const USER_VERIFIED: u8 = 0x04;
const ATTESTED: u8 = 0x40;

/// The one thing an answer gets wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wrong {
    Nothing,
    /// `webauthn.get` for a registration, `webauthn.create` for a sign-in.
    Type,
    /// Answers this challenge (another ceremony's) instead of the one asked.
    Challenge(String),
    /// The user-present flag is clear.
    NoUserPresence,
    /// Signed by a key that is not the passkey's.
    Signature,
}

pub struct TestPasskey {
    key: EcKey<Private>,
    id: Vec<u8>,
    counter: u32,
}

fn new_key() -> EcKey<Private> {
    EcKey::generate(&EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap()).unwrap()
}

fn text(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A CBOR byte string's head for `len` bytes.
fn cbor_bytes(len: usize) -> Vec<u8> {
    match len {
        0..24 => vec![0x40 + len as u8],
        24..256 => vec![0x58, len as u8],
        _ => vec![0x59, (len >> 8) as u8, len as u8],
    }
}

fn cbor_text(text: &str) -> Vec<u8> {
    [vec![0x60 + text.len() as u8], text.as_bytes().to_vec()].concat()
}

impl TestPasskey {
    pub fn new() -> Self {
        Self {
            key: new_key(),
            id: rand::random::<[u8; 32]>().to_vec(),
            counter: 0,
        }
    }

    /// ES256 over `data` with the passkey's key, or another when the signature is to be wrong.
    fn sign(&self, data: &[u8], wrong: &Wrong) -> Vec<u8> {
        let key = if *wrong == Wrong::Signature {
            new_key()
        } else {
            self.key.clone()
        };
        let key = PKey::from_ec_key(key).unwrap();
        let mut signer = Signer::new(MessageDigest::sha256(), &key).unwrap();
        signer.update(data).unwrap();
        signer.sign_to_vec().unwrap()
    }

    fn client_data(kind: &str, options: &Value, wrong: &Wrong) -> Vec<u8> {
        let challenge = match wrong {
            Wrong::Challenge(other) => other.as_str(),
            _ => options["challenge"].as_str().unwrap(),
        };
        serde_json::to_vec(&json!({
            "type": kind, "challenge": challenge, "origin": ORIGIN, "crossOrigin": false
        }))
        .unwrap()
    }

    fn flags(wrong: &Wrong) -> u8 {
        let present = if *wrong == Wrong::NoUserPresence {
            0
        } else {
            USER_PRESENT
        };
        present | USER_VERIFIED
    }

    /// The public key as COSE: EC2, ES256, P-256, x and y.
    fn cose_key(&self) -> Vec<u8> {
        let (mut x, mut y) = (BigNum::new().unwrap(), BigNum::new().unwrap());
        let mut context = BigNumContext::new().unwrap();
        self.key
            .public_key()
            .affine_coordinates(self.key.group(), &mut x, &mut y, &mut context)
            .unwrap();
        let (x, y) = (x.to_vec_padded(32).unwrap(), y.to_vec_padded(32).unwrap());
        [
            &[0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20][..],
            &x,
            &[0x22, 0x58, 0x20],
            &y,
        ]
        .concat()
    }

    /// The answer to registration `options` (`PublicKeyCredentialCreationOptionsJSON`).
    pub fn register(&self, options: &Value, wrong: &Wrong) -> Value {
        let kind = if *wrong == Wrong::Type {
            "webauthn.get"
        } else {
            "webauthn.create"
        };
        let client_data = Self::client_data(kind, options, wrong);
        let id_length = (self.id.len() as u16).to_be_bytes();
        let auth_data = [
            &Sha256::digest(RP_ID)[..],
            &[Self::flags(wrong) | ATTESTED],
            &[0; 4],
            &[0; 16],
            &id_length,
            &self.id,
            &self.cose_key(),
        ]
        .concat();
        let signed = [&auth_data[..], &Sha256::digest(&client_data)].concat();
        let signature = self.sign(&signed, wrong);
        let attestation = [
            &[0xa3][..],
            &cbor_text("fmt"),
            &cbor_text("packed"),
            &cbor_text("attStmt"),
            &[0xa2],
            &cbor_text("alg"),
            &[0x26],
            &cbor_text("sig"),
            &cbor_bytes(signature.len()),
            &signature,
            &cbor_text("authData"),
            &cbor_bytes(auth_data.len()),
            &auth_data,
        ]
        .concat();
        json!({
            "id": text(&self.id),
            "rawId": text(&self.id),
            "type": "public-key",
            "response": {
                "attestationObject": text(&attestation),
                "clientDataJSON": text(&client_data),
            },
            "clientExtensionResults": {},
        })
    }

    /// The answer to a sign-in `request` (`PublicKeyCredentialRequestOptionsJSON`).
    pub fn answer(&mut self, request: &Value, wrong: &Wrong) -> Value {
        let kind = if *wrong == Wrong::Type {
            "webauthn.create"
        } else {
            "webauthn.get"
        };
        let client_data = Self::client_data(kind, request, wrong);
        self.counter += 1;
        let auth_data = [
            &Sha256::digest(RP_ID)[..],
            &[Self::flags(wrong)],
            &self.counter.to_be_bytes(),
        ]
        .concat();
        let signed = [&auth_data[..], &Sha256::digest(&client_data)].concat();
        json!({
            "id": text(&self.id),
            "rawId": text(&self.id),
            "type": "public-key",
            "response": {
                "authenticatorData": text(&auth_data),
                "clientDataJSON": text(&client_data),
                "signature": text(&self.sign(&signed, wrong)),
                "userHandle": null,
            },
            "clientExtensionResults": {},
        })
    }
}
