use std::fmt;

/// A secret string (an API key, a token, a password). It is sent only in
/// the request it authenticates; `Debug` prints `Secret(<redacted>)` and
/// there is no `Display`, so it cannot end up in logs or errors by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Box<str>);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into().into_boxed_str())
    }

    /// The secret itself, for the one place that puts it on the wire.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

/// What a client authenticates with. A token serves API-key and bearer
/// schemes; a username and password serve HTTP basic.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// An API key or bearer token.
    Token(Secret),
    /// HTTP basic credentials.
    Basic {
        /// The user name (not secret, but not printed either).
        username: String,
        /// The password.
        password: Secret,
    },
}

impl Credential {
    /// Refuses a credential no request could carry (CR, LF, NUL or another
    /// control character), so a bad one fails when the client is built,
    /// not on every call. The message never quotes it.
    #[cfg(feature = "client")]
    pub(crate) fn check(&self) -> Result<(), super::Error> {
        let has_control = |text: &str| text.chars().any(char::is_control);
        let bad = match self {
            Credential::Token(token) => has_control(token.expose()),
            Credential::Basic { username, password } => {
                has_control(username) || has_control(password.expose()) || username.contains(':')
            }
        };
        if bad {
            return Err(super::Error::Config(
                "the credential contains control characters (or a `:` in a basic user name) and cannot be sent".to_owned(),
            ));
        }
        Ok(())
    }

    /// HTTP basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Credential::Basic { username: username.into(), password: password.into() }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Token(_) => f.write_str("Credential::Token(<redacted>)"),
            Credential::Basic { .. } => f.write_str("Credential::Basic(<redacted>)"),
        }
    }
}

impl From<Secret> for Credential {
    fn from(token: Secret) -> Self {
        Credential::Token(token)
    }
}

impl From<String> for Credential {
    fn from(token: String) -> Self {
        Credential::Token(token.into())
    }
}

impl From<&str> for Credential {
    fn from(token: &str) -> Self {
        Credential::Token(token.into())
    }
}
