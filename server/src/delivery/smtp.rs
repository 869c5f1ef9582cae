//! Email over SMTP (lettre): plain text with an HTML alternative, from the configured sender.
//! The relay, port, TLS (`smtps://` or `?tls=required` for STARTTLS) and credentials come from
//! one URL, e.g. `smtp://user:pass@mail.contoso.com:587?tls=required`; a relay whose certificate
//! comes from the organisation's own CA is trusted through `smtp_ca_file`.

use anyhow::Context;
use std::path::Path;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::sender::{Sender, Sending};
use crate::store::Delivery;

/// Sends email through one SMTP relay.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpSender {
    /// Connects lazily: the URL, address and CA file are checked now, the relay when mail is
    /// sent.
    pub fn new(url: &str, from: &str, ca_file: Option<&Path>) -> anyhow::Result<Self> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("smtp_url is not a valid SMTP URL")?
            .timeout(Some(std::time::Duration::from_secs(10)));
        if let Some(path) = ca_file {
            builder = builder.tls(tls_trusting(url, path)?);
        }
        let transport = builder.build();
        let from = from
            .parse()
            .with_context(|| format!("email_from is not a valid address: {from:?}"))?;
        Ok(Self { transport, from })
    }
}

/// The TLS mode the URL asks for, trusting the CA certificate in `path` as well.
fn tls_trusting(url: &str, path: &Path) -> anyhow::Result<Tls> {
    let pem = std::fs::read(path)
        .with_context(|| format!("cannot read smtp_ca_file {}", path.display()))?;
    let certificate = Certificate::from_pem(&pem)
        .with_context(|| format!("smtp_ca_file {} is not a PEM certificate", path.display()))?;
    let parsed = url::Url::parse(url).context("smtp_url is not a valid SMTP URL")?;
    let host = parsed
        .host_str()
        .context("smtp_url has no host")?
        .to_string();
    let parameters = TlsParameters::builder(host)
        .add_root_certificate(certificate)
        .build_rustls()
        .context("cannot set up TLS for the SMTP relay")?;
    let starttls = parsed
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.into_owned());
    Ok(match (parsed.scheme(), starttls.as_deref()) {
        ("smtps", _) => Tls::Wrapper(parameters),
        (_, Some("required")) => Tls::Required(parameters),
        _ => Tls::Opportunistic(parameters),
    })
}

/// The HTML twin of a plain-text body: escaped, with line breaks kept.
fn html_body(text: &str) -> String {
    let escaped = crate::markup::escape(text);
    let paragraphs: String = escaped
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
        .collect();
    format!(
        "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;line-height:1.5\">{paragraphs}</body></html>"
    )
}

impl Sender for SmtpSender {
    fn send<'a>(&'a self, delivery: &'a Delivery) -> Sending<'a> {
        Box::pin(async move {
            let to: Mailbox = delivery
                .recipient
                .parse()
                .map_err(|_| "the recipient is not a valid address".to_string())?;
            let message = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(&delivery.subject)
                .multipart(MultiPart::alternative_plain_html(
                    delivery.body.clone(),
                    html_body(&delivery.body),
                ))
                .map_err(|error| format!("cannot build the email: {error}"))?;
            self.transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| format!("the SMTP relay refused or failed: {error}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::html_body;

    /// The HTML part of every reset notice keeps the helpdesk link, in every language
    /// (security.md 15).
    #[test]
    fn html_reset_notices_keep_the_helpdesk_link() {
        use crate::security_info::messages::{LANGUAGES, reset_notice};
        use crate::store::Ending;
        let help = "https://help.contoso.com/ticket?from=latchkey&via=email";
        for language in LANGUAGES {
            for ending in [Ending::NewPassword, Ending::Unlocked] {
                let (_, body) = reset_notice(language, "Contoso", help, ending, true);
                let html = html_body(&body);
                assert!(
                    html.contains(&crate::markup::escape(help)),
                    "{language:?} {ending:?}: {html}"
                );
            }
        }
    }

    #[test]
    fn html_bodies_are_escaped_and_keep_paragraphs() {
        assert_eq!(
            html_body("Code <b>1</b> & more\nline\n\nnext"),
            "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;line-height:1.5\">\
             <p>Code &lt;b&gt;1&lt;/b&gt; &amp; more<br>line</p><p>next</p></body></html>"
        );
    }
}
