//! The words of every message Latchkey sends: codes, and notices of changes. They name the
//! organisation and never carry a secret other than the code itself.

/// Subject and body of a code message.
pub fn code_message(organisation: &str, code: &str, by_email: bool) -> (String, String) {
    let subject = format!("Your {organisation} verification code");
    let body = if by_email {
        format!(
            "Your {organisation} verification code is {code}.\n\n\
             It expires in 10 minutes. If you didn't ask for it, you can ignore this email; \
             someone may have typed your address by mistake."
        )
    } else {
        format!("{organisation}: your verification code is {code}. It expires in 10 minutes.")
    };
    (subject, body)
}

/// Subject and the words spoken in a verification call.
pub fn call_script(organisation: &str) -> (String, String) {
    (
        format!("{organisation} verification call"),
        format!(
            "Hello. This is {organisation}'s security check. If you are verifying this phone \
             number, press the pound key to finish. If you didn't ask for this call, hang up."
        ),
    )
}

/// Subject and body of a notice that security info changed (security.md 22).
pub fn change_notice(organisation: &str, what: &str, helpdesk: &str) -> (String, String) {
    (
        format!("Your {organisation} security info changed"),
        format!(
            "{what}\n\nIf this was you, there is nothing more to do.\n\
             Wasn't you? Contact IT support straight away: {helpdesk}"
        ),
    )
}
