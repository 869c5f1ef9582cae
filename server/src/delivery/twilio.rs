//! Twilio for texts and calls. Texts go through the Messages API; a call through the Calls API
//! with TwiML that speaks the script inside `<Gather numDigits="1" finishOnKey="">`, so the key
//! pressed (#) comes back to the gather callback, and the call's end to the status callback.
//! Twilio signs its callbacks with `X-Twilio-Signature`: base64 HMAC-SHA1, under the Auth
//! Token, of the full callback URL followed by every POST parameter sorted by name.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha1::Sha1;

use latchkey_api::types::Channel;

use super::sender::{Sender, Sending};
use crate::config::{Secret, TwilioSettings};
use crate::markup::escape;
use crate::security_info::messages::{CallEnding, Language, call_ending, voice};
use crate::store::Delivery;

/// The header Twilio signs callbacks with.
pub const SIGNATURE_HEADER: &str = "x-twilio-signature";

/// The callback path Twilio posts the pressed key to, for one call.
pub fn gather_path(delivery_id: &str) -> String {
    format!("/api/v1/gateway/twilio/calls/{delivery_id}/gather")
}

/// The callback path Twilio posts the call's final status to, for one call.
pub fn status_path(delivery_id: &str) -> String {
    format!("/api/v1/gateway/twilio/calls/{delivery_id}/status")
}

/// The signature Twilio sends for a callback to `url` with these POST parameters.
pub fn signature(auth_token: &Secret, url: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    let mut mac = Hmac::<Sha1>::new_from_slice(auth_token.expose().as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Whether a callback's signature is Twilio's, compared in constant time.
pub fn signature_matches(
    auth_token: &Secret,
    url: &str,
    params: &[(String, String)],
    given: &str,
) -> bool {
    let expected = signature(auth_token, url, params);
    expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |differ, (a, b)| differ | (a ^ b))
            == 0
}

/// TwiML that says `text` and hangs up.
pub fn say_twiml(language: Language, text: &str) -> String {
    format!(
        "<Response><Say language=\"{}\">{}</Say></Response>",
        voice(language),
        escape(text)
    )
}

/// The TwiML of a verification call: speak the script, wait for one key.
pub fn call_twiml(language: Language, script: &str, gather_url: &str) -> String {
    let voice = voice(language);
    format!(
        "<Response><Gather numDigits=\"1\" finishOnKey=\"\" timeout=\"15\" action=\"{}\" method=\"POST\">\
         <Say language=\"{voice}\">{}</Say></Gather><Say language=\"{voice}\">{}</Say></Response>",
        escape(gather_url),
        escape(script),
        escape(call_ending(language, CallEnding::NoAnswer)),
    )
}

/// Sends texts and places calls through Twilio.
pub struct TwilioSender {
    client: reqwest::Client,
    settings: TwilioSettings,
    /// `public_url`, where Twilio calls back.
    public_base: String,
    language: Language,
}

impl TwilioSender {
    pub fn new(
        client: reqwest::Client,
        settings: TwilioSettings,
        public_base: String,
        language: Language,
    ) -> Self {
        Self {
            client,
            settings,
            public_base,
            language,
        }
    }

    fn api(&self, resource: &str) -> String {
        format!(
            "{}/2010-04-01/Accounts/{}/{resource}.json",
            self.settings.api_url, self.settings.account_sid
        )
    }
}

impl Sender for TwilioSender {
    fn send<'a>(&'a self, delivery: &'a Delivery) -> Sending<'a> {
        Box::pin(async move {
            let to = delivery.recipient.as_str();
            let from = self.settings.from.as_str();
            let (url, form) = if delivery.channel == Channel::Voice {
                let gather = format!("{}{}", self.public_base, gather_path(&delivery.id));
                let status = format!("{}{}", self.public_base, status_path(&delivery.id));
                let twiml = call_twiml(self.language, &delivery.body, &gather);
                let form = vec![
                    ("To", to.to_string()),
                    ("From", from.to_string()),
                    ("Twiml", twiml),
                    ("StatusCallback", status),
                    ("Timeout", "60".to_string()),
                ];
                (self.api("Calls"), form)
            } else {
                let form = vec![
                    ("To", to.to_string()),
                    ("From", from.to_string()),
                    ("Body", delivery.body.clone()),
                ];
                (self.api("Messages"), form)
            };
            let response = self
                .client
                .post(url)
                .basic_auth(
                    &self.settings.account_sid,
                    Some(self.settings.auth_token.expose()),
                )
                .form(&form)
                .send()
                .await
                .map_err(|error| format!("Twilio could not be reached: {error}"))?;
            if response.status().is_success() {
                Ok(())
            } else {
                Err(format!("Twilio answered {}", response.status()))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Twilio's published request-validation example.
    #[test]
    fn the_documented_signature_example() {
        let token = Secret::new("12345");
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let params = pairs(&[
            ("To", "+18005551212"),
            ("Digits", "1234"),
            ("CallSid", "CA1234567890ABCDE"),
            ("From", "+14158675309"),
            ("Caller", "+14158675309"),
        ]);
        let expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
        assert_eq!(signature(&token, url, &params), expected);
        assert!(signature_matches(&token, url, &params, expected));
        let mut tampered = params.clone();
        tampered[1].1 = "9999".into();
        assert!(!signature_matches(&token, url, &tampered, expected));
        assert!(!signature_matches(
            &token,
            url,
            &params,
            "RSOYDt4T1cUTdK1PDd93/VVr8B8"
        ));
    }

    #[test]
    fn twiml_waits_for_one_key_and_escapes_text() {
        let twiml = call_twiml(
            Language::German,
            "Press # <now> & \"go\"",
            "https://sspr.example/g?a=1&b=2",
        );
        assert!(twiml.contains("<Gather numDigits=\"1\" finishOnKey=\"\""));
        assert!(twiml.contains("action=\"https://sspr.example/g?a=1&amp;b=2\""));
        assert!(
            twiml
                .contains("<Say language=\"de-DE\">Press # &lt;now&gt; &amp; &quot;go&quot;</Say>")
        );
    }
}
