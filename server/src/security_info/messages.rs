//! The words of every message Latchkey sends — codes, the call's script, notices of changes —
//! in the language the person picked, else their page's, else the organisation's
//! (`message_language`); calls always in the organisation's, which its voice gateway speaks. They name the organisation and never
//! carry a secret other than the code itself. The audit log keeps English.

use latchkey_api::types::{Channel, MethodKind};

use crate::store::Ending;
pub use latchkey_api::{LANGUAGES, Language};

/// One language's sentences; `{org}`, `{code}`, `{what}`, `{helpdesk}`, `{method}`, `{target}`,
/// `{way}` and `{count}` are filled in.
struct Words {
    code_subject: &'static str,
    code_email: &'static str,
    code_text: &'static str,
    call_subject: &'static str,
    call_script: &'static str,
    notice_subject: &'static str,
    notice_body: &'static str,
    added: &'static str,
    changed: &'static str,
    removed: &'static str,
    default_changed: &'static str,
    signed_out_everywhere: &'static str,
    recovery_codes_renewed: &'static str,
    password_changed: &'static str,
    /// IT support made a Temporary Access Pass, lasting until `{until}` (UTC).
    access_pass_issued: &'static str,
    /// IT support removed every method: register again.
    re_registration_required: &'static str,
    /// IT support unlocked the account.
    unlocked_by_it: &'static str,
    /// Phone, alternate phone, email, authenticator app, passkey, recovery codes.
    kinds: [&'static str; 6],
    /// Text, call, email, app code, passkey — each with `{target}` — and recovery code.
    ways: [&'static str; 6],
    call_verified: &'static str,
    call_not_verified: &'static str,
    call_expired: &'static str,
    call_no_answer: &'static str,
    reset_subject: &'static str,
    reset_email: &'static str,
    reset_text: &'static str,
    unlock_subject: &'static str,
    unlock_email: &'static str,
    unlock_text: &'static str,
    /// Texts or calls to `{country}` paused: `{channel}` is one of `channels`.
    pause_subject: &'static str,
    pause_email: &'static str,
    /// "texts", "calls".
    channels: [&'static str; 2],
    /// The language of Twilio's `<Say>`.
    voice: &'static str,
}

const ENGLISH: Words = Words {
    code_subject: "Your {org} verification code",
    code_email: "Your {org} verification code is {code}.\n\nIt expires in 10 minutes. If you didn't ask for it, you can ignore this email; someone may have typed your address by mistake.",
    code_text: "{org}: your verification code is {code}. It expires in 10 minutes.",
    call_subject: "{org} verification call",
    call_script: "Hello. This is {org}'s security check. If you are verifying this phone number, press the pound key to finish. If you didn't ask for this call, hang up.",
    notice_subject: "Your {org} security info changed",
    notice_body: "{what}\n\nIf this was you, there is nothing more to do.\nWasn't you? Contact IT support straight away: {helpdesk}",
    added: "{method} {target} was added to your security info.",
    changed: "{method} {target} was changed in your security info.",
    removed: "{method} {target} was removed from your security info.",
    default_changed: "Your default sign-in method is now: {way}.",
    signed_out_everywhere: "You signed out everywhere: {count} session(s) ended.",
    recovery_codes_renewed: "A new set of recovery codes was made; the old codes no longer work.",
    password_changed: "Your password was changed.",
    access_pass_issued: "IT support made you a Temporary Access Pass, valid until {until} (UTC), to sign in and register your security info again.",
    re_registration_required: "IT support removed your security info and signed you out everywhere: register your methods again at your next sign-in.",
    unlocked_by_it: "IT support unlocked your account; your password is unchanged.",
    kinds: [
        "Phone",
        "Alternate phone",
        "Email",
        "Authenticator app",
        "Passkey",
        "Recovery codes",
    ],
    ways: [
        "Text {target}",
        "Call {target}",
        "Email {target}",
        "Code from the authenticator app {target}",
        "Passkey {target}",
        "Recovery code",
    ],
    call_verified: "Thank you. You're verified. You can go back to the page now. Goodbye.",
    call_not_verified: "You didn't press the pound key, so nothing was verified. Goodbye.",
    call_expired: "This call has expired. Please try again from the page. Goodbye.",
    call_no_answer: "We didn't receive your answer. Goodbye.",
    reset_subject: "Your {org} password was reset",
    reset_email: "Your {org} password was just reset through self-service password reset, and every session was signed out.\n\nIf this was you, there is nothing more to do.\nWasn't you? Contact IT support straight away: {helpdesk}",
    reset_text: "{org}: your password was just reset. Wasn't you? Contact IT support: {helpdesk}",
    unlock_subject: "Your {org} account was unlocked",
    unlock_email: "Your {org} account was just unlocked through self-service password reset; the password was not changed.\n\nIf this was you, there is nothing more to do.\nWasn't you? Contact IT support straight away: {helpdesk}",
    unlock_text: "{org}: your account was just unlocked. Wasn't you? Contact IT support: {helpdesk}",
    pause_subject: "{org}: {channel} to {country} paused",
    pause_email: "Latchkey paused {channel} to numbers in {country}: only {percent}% of the last {sends} codes sent there were used. That is how SMS pumping looks: codes asked for numbers that earn from them, to run up the bill.\n\nNothing more goes there on this channel until an admin resumes it on IT support's \"Texts and calls\" page (/helpdesk/messaging). If people there really need their codes, check the gateway is delivering, then resume.",
    channels: ["texts", "calls"],
    voice: "en-US",
};

const GERMAN: Words = Words {
    code_subject: "Ihr Bestätigungscode für {org}",
    code_email: "Ihr Bestätigungscode für {org} lautet {code}.\n\nEr ist 10 Minuten gültig. Wenn Sie ihn nicht angefordert haben, können Sie diese E-Mail ignorieren; vielleicht hat sich jemand bei Ihrer Adresse vertippt.",
    code_text: "{org}: Ihr Bestätigungscode lautet {code}. Er ist 10 Minuten gültig.",
    call_subject: "Bestätigungsanruf von {org}",
    call_script: "Hallo. Hier ist die Sicherheitsprüfung von {org}. Wenn Sie diese Telefonnummer bestätigen, drücken Sie zum Abschluss die Rautetaste. Wenn Sie diesen Anruf nicht angefordert haben, legen Sie auf.",
    notice_subject: "Ihre Sicherheitsinformationen bei {org} wurden geändert",
    notice_body: "{what}\n\nWenn Sie das waren, ist nichts weiter zu tun.\nWaren Sie es nicht? Wenden Sie sich sofort an den IT-Support: {helpdesk}",
    added: "{method} {target} wurde zu Ihren Sicherheitsinformationen hinzugefügt.",
    changed: "{method} {target} wurde in Ihren Sicherheitsinformationen geändert.",
    removed: "{method} {target} wurde aus Ihren Sicherheitsinformationen entfernt.",
    default_changed: "Ihre Standardanmeldemethode ist jetzt: {way}.",
    signed_out_everywhere: "Sie haben sich überall abgemeldet: {count} Sitzung(en) beendet.",
    recovery_codes_renewed: "Es wurden neue Wiederherstellungscodes erstellt; die alten Codes gelten nicht mehr.",
    password_changed: "Ihr Kennwort wurde geändert.",
    access_pass_issued: "Der IT-Support hat Ihnen einen befristeten Zugriffspass ausgestellt, gültig bis {until} (UTC), um sich anzumelden und Ihre Sicherheitsinformationen neu zu registrieren.",
    re_registration_required: "Der IT-Support hat Ihre Sicherheitsinformationen entfernt und Sie überall abgemeldet: Registrieren Sie Ihre Methoden bei der nächsten Anmeldung neu.",
    unlocked_by_it: "Der IT-Support hat Ihr Konto entsperrt; Ihr Kennwort ist unverändert.",
    kinds: [
        "Telefon",
        "Alternatives Telefon",
        "E-Mail",
        "Authenticator-App",
        "Passkey",
        "Wiederherstellungscodes",
    ],
    ways: [
        "SMS an {target}",
        "Anruf an {target}",
        "E-Mail an {target}",
        "Code aus der Authenticator-App {target}",
        "Passkey {target}",
        "Wiederherstellungscode",
    ],
    call_verified: "Vielen Dank. Sie sind bestätigt. Sie können jetzt zur Seite zurückkehren. Auf Wiederhören.",
    call_not_verified: "Sie haben nicht die Rautetaste gedrückt, daher wurde nichts bestätigt. Auf Wiederhören.",
    call_expired: "Dieser Anruf ist abgelaufen. Bitte versuchen Sie es auf der Seite erneut. Auf Wiederhören.",
    call_no_answer: "Wir haben keine Antwort erhalten. Auf Wiederhören.",
    reset_subject: "Ihr Kennwort bei {org} wurde zurückgesetzt",
    reset_email: "Ihr Kennwort bei {org} wurde soeben über die Self-Service-Kennwortzurücksetzung zurückgesetzt, und alle Sitzungen wurden abgemeldet.\n\nWenn Sie das waren, ist nichts weiter zu tun.\nWaren Sie es nicht? Wenden Sie sich sofort an den IT-Support: {helpdesk}",
    reset_text: "{org}: Ihr Kennwort wurde soeben zurückgesetzt. Waren Sie es nicht? IT-Support: {helpdesk}",
    unlock_subject: "Ihr Konto bei {org} wurde entsperrt",
    unlock_email: "Ihr Konto bei {org} wurde soeben über die Self-Service-Kennwortzurücksetzung entsperrt; das Kennwort wurde nicht geändert.\n\nWenn Sie das waren, ist nichts weiter zu tun.\nWaren Sie es nicht? Wenden Sie sich sofort an den IT-Support: {helpdesk}",
    unlock_text: "{org}: Ihr Konto wurde soeben entsperrt. Waren Sie es nicht? IT-Support: {helpdesk}",
    pause_subject: "{org}: {channel} nach {country} pausiert",
    pause_email: "Latchkey hat {channel} an Nummern in {country} pausiert: Nur {percent} % der letzten {sends} dorthin gesendeten Codes wurden verwendet. So sieht SMS-Pumping aus: Codes für Nummern, die daran verdienen, um die Rechnung in die Höhe zu treiben.\n\nÜber diesen Kanal geht nichts mehr dorthin, bis ein Admin ihn auf der Seite „SMS und Anrufe“ des IT-Supports (/helpdesk/messaging) fortsetzt. Brauchen Menschen dort ihre Codes wirklich, prüfen Sie, ob das Gateway zustellt, und setzen Sie dann fort.",
    channels: ["SMS", "Anrufe"],
    voice: "de-DE",
};

const SPANISH: Words = Words {
    code_subject: "Su código de verificación de {org}",
    code_email: "Su código de verificación de {org} es {code}.\n\nCaduca en 10 minutos. Si no lo ha pedido, puede ignorar este correo; puede que alguien haya escrito su dirección por error.",
    code_text: "{org}: su código de verificación es {code}. Caduca en 10 minutos.",
    call_subject: "Llamada de verificación de {org}",
    call_script: "Hola. Esta es la comprobación de seguridad de {org}. Si está verificando este número de teléfono, pulse la tecla almohadilla para terminar. Si no ha pedido esta llamada, cuelgue.",
    notice_subject: "Su información de seguridad de {org} ha cambiado",
    notice_body: "{what}\n\nSi ha sido usted, no tiene que hacer nada más.\n¿No ha sido usted? Póngase en contacto con el soporte de TI de inmediato: {helpdesk}",
    added: "Se ha añadido {method} {target} a su información de seguridad.",
    changed: "Se ha cambiado {method} {target} en su información de seguridad.",
    removed: "Se ha quitado {method} {target} de su información de seguridad.",
    default_changed: "Su método de inicio de sesión predeterminado es ahora: {way}.",
    signed_out_everywhere: "Ha cerrado sesión en todas partes: {count} sesión(es) cerrada(s).",
    recovery_codes_renewed: "Se ha creado un nuevo juego de códigos de recuperación; los anteriores ya no sirven.",
    password_changed: "Se ha cambiado su contraseña.",
    access_pass_issued: "El soporte técnico le ha creado un pase de acceso temporal, válido hasta el {until} (UTC), para iniciar sesión y volver a registrar su información de seguridad.",
    re_registration_required: "El soporte técnico ha quitado su información de seguridad y ha cerrado todas sus sesiones: vuelva a registrar sus métodos al iniciar sesión.",
    unlocked_by_it: "El soporte técnico ha desbloqueado su cuenta; su contraseña no ha cambiado.",
    kinds: [
        "Teléfono",
        "Teléfono alternativo",
        "Correo electrónico",
        "Aplicación de autenticación",
        "Llave de acceso",
        "Códigos de recuperación",
    ],
    ways: [
        "SMS a {target}",
        "Llamada a {target}",
        "Correo a {target}",
        "Código de la aplicación de autenticación {target}",
        "Llave de acceso {target}",
        "Código de recuperación",
    ],
    call_verified: "Gracias. Ya está verificado. Puede volver a la página. Adiós.",
    call_not_verified: "No ha pulsado la tecla almohadilla, así que no se ha verificado nada. Adiós.",
    call_expired: "Esta llamada ha caducado. Vuelva a intentarlo desde la página. Adiós.",
    call_no_answer: "No hemos recibido su respuesta. Adiós.",
    reset_subject: "Se ha restablecido su contraseña de {org}",
    reset_email: "Se acaba de restablecer su contraseña de {org} mediante el autoservicio de restablecimiento, y se han cerrado todas las sesiones.\n\nSi ha sido usted, no tiene que hacer nada más.\n¿No ha sido usted? Póngase en contacto con el soporte de TI de inmediato: {helpdesk}",
    reset_text: "{org}: se acaba de restablecer su contraseña. ¿No ha sido usted? Soporte de TI: {helpdesk}",
    unlock_subject: "Se ha desbloqueado su cuenta de {org}",
    unlock_email: "Se acaba de desbloquear su cuenta de {org} mediante el autoservicio de restablecimiento; la contraseña no ha cambiado.\n\nSi ha sido usted, no tiene que hacer nada más.\n¿No ha sido usted? Póngase en contacto con el soporte de TI de inmediato: {helpdesk}",
    unlock_text: "{org}: se acaba de desbloquear su cuenta. ¿No ha sido usted? Soporte de TI: {helpdesk}",
    pause_subject: "{org}: {channel} a {country} en pausa",
    pause_email: "Latchkey ha puesto en pausa {channel} a números de {country}: solo se usó el {percent} % de los últimos {sends} códigos enviados allí. Así se ve el bombeo de SMS: códigos pedidos para números que ganan con ellos, para inflar la factura.\n\nNo se enviará nada más allí por este canal hasta que un administrador lo reanude en la página «SMS y llamadas» del soporte de TI (/helpdesk/messaging). Si allí hay personas que necesitan sus códigos, compruebe que la pasarela entrega y luego reanude.",
    channels: ["los mensajes", "las llamadas"],
    voice: "es-ES",
};

const FRENCH: Words = Words {
    code_subject: "Votre code de vérification {org}",
    code_email: "Votre code de vérification {org} est {code}.\n\nIl expire dans 10 minutes. Si vous ne l'avez pas demandé, vous pouvez ignorer cet e-mail ; quelqu'un a peut-être saisi votre adresse par erreur.",
    code_text: "{org} : votre code de vérification est {code}. Il expire dans 10 minutes.",
    call_subject: "Appel de vérification {org}",
    call_script: "Bonjour. Ceci est la vérification de sécurité de {org}. Si vous vérifiez ce numéro de téléphone, appuyez sur la touche dièse pour terminer. Si vous n'avez pas demandé cet appel, raccrochez.",
    notice_subject: "Vos informations de sécurité {org} ont changé",
    notice_body: "{what}\n\nSi c'était vous, vous n'avez rien d'autre à faire.\nCe n'était pas vous ? Contactez immédiatement le support informatique : {helpdesk}",
    added: "{method} {target} a été ajouté à vos informations de sécurité.",
    changed: "{method} {target} a été modifié dans vos informations de sécurité.",
    removed: "{method} {target} a été retiré de vos informations de sécurité.",
    default_changed: "Votre méthode de connexion par défaut est maintenant : {way}.",
    signed_out_everywhere: "Vous vous êtes déconnecté partout : {count} session(s) terminée(s).",
    recovery_codes_renewed: "Un nouveau jeu de codes de récupération a été créé ; les anciens codes ne fonctionnent plus.",
    password_changed: "Votre mot de passe a été modifié.",
    access_pass_issued: "Le support informatique vous a créé un passe d'accès temporaire, valable jusqu'au {until} (UTC), pour vous connecter et enregistrer à nouveau vos informations de sécurité.",
    re_registration_required: "Le support informatique a supprimé vos informations de sécurité et vous a déconnecté partout : enregistrez à nouveau vos méthodes à votre prochaine connexion.",
    unlocked_by_it: "Le support informatique a déverrouillé votre compte ; votre mot de passe n'a pas changé.",
    kinds: [
        "Téléphone",
        "Autre téléphone",
        "E-mail",
        "Application d'authentification",
        "Clé d'accès",
        "Codes de récupération",
    ],
    ways: [
        "SMS au {target}",
        "Appel au {target}",
        "E-mail à {target}",
        "Code de l'application d'authentification {target}",
        "Clé d'accès {target}",
        "Code de récupération",
    ],
    call_verified: "Merci. Vous êtes vérifié. Vous pouvez revenir à la page. Au revoir.",
    call_not_verified: "Vous n'avez pas appuyé sur la touche dièse, rien n'a donc été vérifié. Au revoir.",
    call_expired: "Cet appel a expiré. Veuillez réessayer depuis la page. Au revoir.",
    call_no_answer: "Nous n'avons pas reçu votre réponse. Au revoir.",
    reset_subject: "Votre mot de passe {org} a été réinitialisé",
    reset_email: "Votre mot de passe {org} vient d'être réinitialisé en libre-service, et toutes les sessions ont été fermées.\n\nSi c'était vous, vous n'avez rien d'autre à faire.\nCe n'était pas vous ? Contactez immédiatement le support informatique : {helpdesk}",
    reset_text: "{org} : votre mot de passe vient d'être réinitialisé. Ce n'était pas vous ? Support informatique : {helpdesk}",
    unlock_subject: "Votre compte {org} a été déverrouillé",
    unlock_email: "Votre compte {org} vient d'être déverrouillé en libre-service ; le mot de passe n'a pas été modifié.\n\nSi c'était vous, vous n'avez rien d'autre à faire.\nCe n'était pas vous ? Contactez immédiatement le support informatique : {helpdesk}",
    unlock_text: "{org} : votre compte vient d'être déverrouillé. Ce n'était pas vous ? Support informatique : {helpdesk}",
    pause_subject: "{org} : {channel} vers {country} en pause",
    pause_email: "Latchkey a mis en pause {channel} vers les numéros en {country} : seuls {percent} % des {sends} derniers codes envoyés là-bas ont été utilisés. C'est ainsi que se présente le pompage de SMS : des codes demandés pour des numéros qui en tirent un revenu, pour faire grimper la facture.\n\nPlus rien ne part là-bas par ce canal tant qu'un administrateur ne l'a pas repris sur la page « SMS et appels » du support informatique (/helpdesk/messaging). Si des personnes là-bas ont vraiment besoin de leurs codes, vérifiez que la passerelle les délivre, puis reprenez.",
    channels: ["les SMS", "les appels"],
    voice: "fr-FR",
};

const ARABIC: Words = Words {
    code_subject: "رمز التحقق الخاص بك من {org}",
    code_email: "رمز التحقق الخاص بك من {org} هو {code}.\n\nتنتهي صلاحيته خلال 10 دقائق. إذا لم تطلبه، يمكنك تجاهل هذه الرسالة؛ ربما كتب أحدهم عنوانك عن طريق الخطأ.",
    code_text: "{org}: رمز التحقق الخاص بك هو {code}. تنتهي صلاحيته خلال 10 دقائق.",
    call_subject: "مكالمة تحقق من {org}",
    call_script: "مرحبًا. هذا هو فحص الأمان من {org}. إذا كنت تتحقق من رقم الهاتف هذا، فاضغط على مفتاح المربع للإنهاء. إذا لم تطلب هذه المكالمة، فأغلق الخط.",
    notice_subject: "تغيرت معلومات الأمان الخاصة بك لدى {org}",
    notice_body: "{what}\n\nإذا كنت أنت من قام بذلك، فلا حاجة لفعل أي شيء.\nلم تكن أنت؟ اتصل بالدعم الفني فورًا: {helpdesk}",
    added: "تمت إضافة {method} {target} إلى معلومات الأمان الخاصة بك.",
    changed: "تم تغيير {method} {target} في معلومات الأمان الخاصة بك.",
    removed: "تمت إزالة {method} {target} من معلومات الأمان الخاصة بك.",
    default_changed: "أصبحت طريقة تسجيل الدخول الافتراضية الآن: {way}.",
    signed_out_everywhere: "لقد سجلت الخروج من كل مكان: انتهت {count} جلسة.",
    recovery_codes_renewed: "تم إنشاء مجموعة جديدة من رموز الاسترداد؛ لم تعد الرموز القديمة تعمل.",
    password_changed: "تم تغيير كلمة المرور الخاصة بك.",
    access_pass_issued: "أنشأ لك الدعم الفني تصريح وصول مؤقتًا صالحًا حتى {until} (UTC) لتسجيل الدخول وتسجيل معلومات الأمان مجددًا.",
    re_registration_required: "أزال الدعم الفني معلومات الأمان الخاصة بك وسجّل خروجك من كل مكان: سجّل طرقك مجددًا عند تسجيل الدخول التالي.",
    unlocked_by_it: "ألغى الدعم الفني قفل حسابك؛ لم تتغير كلمة المرور.",
    kinds: [
        "الهاتف",
        "الهاتف البديل",
        "البريد الإلكتروني",
        "تطبيق المصادقة",
        "مفتاح المرور",
        "رموز الاسترداد",
    ],
    ways: [
        "رسالة نصية إلى {target}",
        "مكالمة إلى {target}",
        "بريد إلكتروني إلى {target}",
        "رمز من تطبيق المصادقة {target}",
        "مفتاح المرور {target}",
        "رمز استرداد",
    ],
    call_verified: "شكرًا لك. تم التحقق منك. يمكنك العودة إلى الصفحة الآن. مع السلامة.",
    call_not_verified: "لم تضغط على مفتاح المربع، لذلك لم يتم التحقق من أي شيء. مع السلامة.",
    call_expired: "انتهت صلاحية هذه المكالمة. يرجى المحاولة مرة أخرى من الصفحة. مع السلامة.",
    call_no_answer: "لم نتلقَّ إجابتك. مع السلامة.",
    reset_subject: "تمت إعادة تعيين كلمة المرور الخاصة بك لدى {org}",
    reset_email: "تمت للتو إعادة تعيين كلمة المرور الخاصة بك لدى {org} عبر الخدمة الذاتية، وتم تسجيل الخروج من جميع الجلسات.\n\nإذا كنت أنت من قام بذلك، فلا حاجة لفعل أي شيء.\nلم تكن أنت؟ اتصل بالدعم الفني فورًا: {helpdesk}",
    reset_text: "{org}: تمت للتو إعادة تعيين كلمة المرور الخاصة بك. لم تكن أنت؟ الدعم الفني: {helpdesk}",
    unlock_subject: "تم إلغاء قفل حسابك لدى {org}",
    unlock_email: "تم للتو إلغاء قفل حسابك لدى {org} عبر الخدمة الذاتية؛ ولم تتغير كلمة المرور.\n\nإذا كنت أنت من قام بذلك، فلا حاجة لفعل أي شيء.\nلم تكن أنت؟ اتصل بالدعم الفني فورًا: {helpdesk}",
    unlock_text: "{org}: تم للتو إلغاء قفل حسابك. لم تكن أنت؟ الدعم الفني: {helpdesk}",
    pause_subject: "{org}: إيقاف {channel} إلى {country} مؤقتًا",
    pause_email: "أوقف Latchkey مؤقتًا {channel} إلى الأرقام في {country}: لم يُستخدم سوى {percent}% من آخر {sends} رمزًا أُرسلت إلى هناك. هكذا يبدو ضخ الرسائل القصيرة: رموز تُطلب لأرقام تربح منها، لتضخيم الفاتورة.\n\nلن يُرسل شيء آخر إلى هناك عبر هذه القناة حتى يستأنفها أحد المسؤولين في صفحة \"الرسائل النصية والمكالمات\" لدى الدعم الفني (/helpdesk/messaging). إذا كان هناك أشخاص يحتاجون فعلًا إلى رموزهم، فتحقق من أن البوابة تُسلّمها ثم استأنف.",
    channels: ["الرسائل", "المكالمات"],
    voice: "arb",
};

/// One language's sentences.
fn words(language: Language) -> &'static Words {
    match language {
        Language::English => &ENGLISH,
        Language::German => &GERMAN,
        Language::Spanish => &SPANISH,
        Language::French => &FRENCH,
        Language::Arabic => &ARABIC,
    }
}

/// The language attribute for a spoken `<Say>`.
pub fn voice(language: Language) -> &'static str {
    words(language).voice
}

/// Fills `{name}` placeholders.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// Subject and body of a code message, by email or by text.
pub fn code_message(
    language: Language,
    organisation: &str,
    code: &str,
    by_email: bool,
) -> (String, String) {
    let words = words(language);
    let values = [("org", organisation), ("code", code)];
    let body = if by_email {
        words.code_email
    } else {
        words.code_text
    };
    (fill(words.code_subject, &values), fill(body, &values))
}

/// Subject and the words spoken in a verification call.
pub fn call_script(language: Language, organisation: &str) -> (String, String) {
    let words = words(language);
    let values = [("org", organisation)];
    (
        fill(words.call_subject, &values),
        fill(words.call_script, &values),
    )
}

/// Subject and body of the notice that a reset ended — a new password, or an unlocked account
/// (security.md 15): by email, or shorter by text. No secret, a "wasn't you?" line and the
/// helpdesk.
pub fn reset_notice(
    language: Language,
    organisation: &str,
    helpdesk: &str,
    ending: Ending,
    by_email: bool,
) -> (String, String) {
    let words = words(language);
    let values = [("org", organisation), ("helpdesk", helpdesk)];
    let (subject, email, text) = match ending {
        Ending::NewPassword => (words.reset_subject, words.reset_email, words.reset_text),
        Ending::Unlocked => (words.unlock_subject, words.unlock_email, words.unlock_text),
    };
    let body = if by_email { email } else { text };
    (fill(subject, &values), fill(body, &values))
}

/// Subject and body of the email telling an admin that texts (or calls) to `country` (ISO 3166)
/// were paused because only `percent` % of the last `sends` codes were used.
pub fn pause_notice(
    language: Language,
    organisation: &str,
    channel: Channel,
    country: &str,
    percent: u32,
    sends: u32,
) -> (String, String) {
    let words = words(language);
    let channel = words.channels[usize::from(channel == Channel::Voice)];
    let (percent, sends) = (percent.to_string(), sends.to_string());
    let values = [
        ("org", organisation),
        ("channel", channel),
        ("country", country),
        ("percent", percent.as_str()),
        ("sends", sends.as_str()),
    ];
    (
        fill(words.pause_subject, &values),
        fill(words.pause_email, &values),
    )
}

/// What the caller hears when the call ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallEnding {
    Verified,
    NotVerified,
    Expired,
    NoAnswer,
}

/// The sentence spoken at the end of a call.
pub fn call_ending(language: Language, ending: CallEnding) -> &'static str {
    let words = words(language);
    match ending {
        CallEnding::Verified => words.call_verified,
        CallEnding::NotVerified => words.call_not_verified,
        CallEnding::Expired => words.call_expired,
        CallEnding::NoAnswer => words.call_no_answer,
    }
}

/// A kind of method as `language` names it ("Authenticator-App"); also the name an app or a
/// passkey is given when the person types none.
pub fn kind_label(language: Language, kind: MethodKind) -> &'static str {
    let words = words(language);
    match kind {
        MethodKind::Phone => words.kinds[0],
        MethodKind::AlternatePhone => words.kinds[1],
        MethodKind::Email => words.kinds[2],
        MethodKind::AuthenticatorApp => words.kinds[3],
        MethodKind::Passkey => words.kinds[4],
        MethodKind::RecoveryCodes => words.kinds[5],
    }
}

/// A change to someone's security info, told to them and written in the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A kind of method, and its masked target.
    Added(MethodKind, String),
    Changed(MethodKind, String),
    Removed(MethodKind, String),
    /// The new default way, and its masked target.
    DefaultChanged(Channel, String),
    /// How many sessions ended.
    SignedOutEverywhere(u64),
    /// A new set of recovery codes voided the old one.
    RecoveryCodesRenewed,
    /// The person changed their password.
    PasswordChanged,
    /// IT support made a Temporary Access Pass, lasting until this UTC time (`2026-11-30 14:05`).
    AccessPassIssued(String),
    /// IT support removed every method and ended every session.
    ReRegistrationRequired,
    /// IT support lifted the lockout.
    UnlockedByIt,
}

impl Change {
    /// The sentence that says what changed.
    pub fn describe(&self, language: Language) -> String {
        let words = words(language);
        let method = |template, of: &MethodKind, target: &str| {
            fill(
                template,
                &[("method", kind_label(language, *of)), ("target", target)],
            )
        };
        match self {
            Self::Added(of, target) => method(words.added, of, target),
            Self::Changed(of, target) => method(words.changed, of, target),
            Self::Removed(of, target) => method(words.removed, of, target),
            Self::DefaultChanged(channel, target) => {
                let way = match channel {
                    Channel::Sms => words.ways[0],
                    Channel::Voice => words.ways[1],
                    Channel::Email => words.ways[2],
                    Channel::App => words.ways[3],
                    Channel::Passkey => words.ways[4],
                    Channel::RecoveryCode => words.ways[5],
                };
                let way = fill(way, &[("target", target)]);
                fill(words.default_changed, &[("way", &way)])
            }
            Self::SignedOutEverywhere(count) => fill(
                words.signed_out_everywhere,
                &[("count", &count.to_string())],
            ),
            Self::RecoveryCodesRenewed => words.recovery_codes_renewed.to_string(),
            Self::PasswordChanged => words.password_changed.to_string(),
            Self::AccessPassIssued(until) => fill(words.access_pass_issued, &[("until", until)]),
            Self::ReRegistrationRequired => words.re_registration_required.to_string(),
            Self::UnlockedByIt => words.unlocked_by_it.to_string(),
        }
    }
}

/// Subject and body of a notice that security info changed (security.md 22).
pub fn change_notice(
    language: Language,
    organisation: &str,
    change: &Change,
    helpdesk: &str,
) -> (String, String) {
    let words = words(language);
    let what = change.describe(language);
    (
        fill(words.notice_subject, &[("org", organisation)]),
        fill(
            words.notice_body,
            &[("what", &what), ("helpdesk", helpdesk)],
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_message(language: Language) -> Vec<String> {
        let (a, b) = code_message(language, "Contoso", "123456", true);
        let (c, d) = code_message(language, "Contoso", "123456", false);
        let (e, f) = call_script(language, "Contoso");
        let changes = [
            Change::Added(MethodKind::Phone, "+1 ••••••0123".into()),
            Change::Changed(MethodKind::AlternatePhone, "+1 ••••••0123".into()),
            Change::Removed(MethodKind::Email, "j••••@example.net".into()),
            Change::DefaultChanged(Channel::Voice, "+1 ••••••0123".into()),
            Change::SignedOutEverywhere(3),
            Change::PasswordChanged,
        ];
        let help = "https://help.contoso.com";
        let (g, h) = reset_notice(language, "Contoso", help, Ending::NewPassword, true);
        let (i, j) = reset_notice(language, "Contoso", help, Ending::NewPassword, false);
        let (k, l) = reset_notice(language, "Contoso", help, Ending::Unlocked, true);
        let (m, n) = reset_notice(language, "Contoso", help, Ending::Unlocked, false);
        let (o, p) = pause_notice(language, "Contoso", Channel::Sms, "DE", 5, 40);
        let (q, r) = pause_notice(language, "Contoso", Channel::Voice, "AT", 0, 20);
        let mut all = vec![a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r];
        for change in &changes {
            let (subject, body) =
                change_notice(language, "Contoso", change, "https://help.contoso.com");
            all.extend([subject, body]);
        }
        all
    }

    #[test]
    fn every_language_fills_every_placeholder_and_names_the_organisation() {
        for language in LANGUAGES {
            let messages = every_message(language);
            for message in &messages {
                assert!(!message.contains('{'), "{language:?}: {message}");
            }
            assert!(messages[1].contains("123456") && messages[3].contains("123456"));
            assert!(messages.iter().take(6).all(|m| m.contains("Contoso")));
            let pauses = &messages[14..18];
            assert!(pauses[0].contains("Contoso") && pauses[0].contains("DE"));
            assert!(
                pauses[1].contains('5') && pauses[1].contains("40") && pauses[1].contains("DE")
            );
            assert!(
                pauses[3].contains("AT") && pauses[2] != pauses[0],
                "texts or calls named"
            );
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains("https://help.contoso.com"))
            );
        }
    }

    /// Every reset notice (a new password or an unlocked account, by email and by text), in
    /// every language, carries the helpdesk link (security.md 15); so does every notice of a
    /// change (security.md 22).
    #[test]
    fn every_notice_carries_the_helpdesk_link() {
        let help = "https://help.contoso.com/ticket?from=latchkey";
        for language in LANGUAGES {
            for ending in [Ending::NewPassword, Ending::Unlocked] {
                for by_email in [true, false] {
                    let (_, body) = reset_notice(language, "Contoso", help, ending, by_email);
                    assert!(
                        body.contains(help),
                        "{language:?} {ending:?} by email: {by_email}: {body}"
                    );
                }
            }
            for change in [Change::PasswordChanged, Change::UnlockedByIt] {
                let (_, body) = change_notice(language, "Contoso", &change, help);
                assert!(body.contains(help), "{language:?} {change:?}: {body}");
            }
        }
    }

    #[test]
    fn languages_differ_and_english_reads_as_before() {
        let english = every_message(Language::English);
        assert_eq!(
            english[3],
            "Contoso: your verification code is 123456. It expires in 10 minutes."
        );
        for language in &LANGUAGES[1..] {
            assert_ne!(every_message(*language)[3], english[3]);
        }
    }
}
