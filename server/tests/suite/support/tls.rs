//! Certificates for test servers on this machine: a CA made for the test, and a certificate it
//! signed for `localhost` and `127.0.0.1`.

use std::path::{Path, PathBuf};

/// Writes `ca.pem`, `{name}.pem` and `{name}.key` into `folder`; returns the CA's path (what a
/// client is told to trust).
pub fn localhost_certificate(folder: &Path, name: &str) -> PathBuf {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Latchkey test CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params =
        rcgen::CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "localhost");
    let certificate = params.signed_by(&key, &ca, &ca_key).unwrap();
    std::fs::write(folder.join("ca.pem"), ca.pem()).unwrap();
    std::fs::write(folder.join(format!("{name}.pem")), certificate.pem()).unwrap();
    std::fs::write(folder.join(format!("{name}.key")), key.serialize_pem()).unwrap();
    folder.join("ca.pem")
}
