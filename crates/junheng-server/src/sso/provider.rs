//! The provider's side of the flow, through the `openidconnect` crate: discovery (cached),
//! the authorization URL, the code exchange, the ID token's checks and the UserInfo request.
//! Outgoing HTTP is reqwest over rustls with the system's root certificates (and the
//! configured extra ones), no redirects followed, short timeouts.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::url::Url;
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClaimsVerificationError, Client,
    ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IdTokenFields, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, SignatureVerificationError,
    StandardErrorResponse, StandardTokenResponse, TokenResponse,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use super::flow::Flow;
use super::mapping::Claims;
use super::{PROVIDER_TTL, SsoConfig};
use crate::error::Message;
use crate::msg;
use crate::views::LocalPath;

/// Every claim the provider sends beyond the standard ones.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct OtherClaims {
    #[serde(flatten)]
    claims: Map<String, Value>,
}
impl AdditionalClaims for OtherClaims {}

type Fields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
/// A client made from the discovery document: authorization endpoint set, token and UserInfo
/// endpoints as the document has them.
type OidcClient = Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// ID tokens signed with a provider's key only (never with the client secret).
const ALGORITHMS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// Why a login through the provider did not get as far as the claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// No flow cookie, an expired one, or no `state`/`code`.
    Expired,
    /// The `state` is not this browser's.
    StateMismatch,
    /// The callback names another issuer (RFC 9207).
    WrongIssuer,
    /// The provider answered with an error (its code).
    Denied(String),
    /// The provider cannot be reached or its discovery document is unusable.
    Unavailable,
    /// The provider refused the code (its error code, or `request`).
    Exchange(String),
    /// No ID token, or one that fails a check (what failed).
    Token(&'static str),
}

impl Failure {
    pub fn code(&self) -> &'static str {
        match self {
            Failure::Expired => "expired",
            Failure::StateMismatch => "state",
            Failure::WrongIssuer => "issuer",
            Failure::Denied(_) => "denied",
            Failure::Unavailable => "unavailable",
            Failure::Exchange(_) => "exchange",
            Failure::Token(_) => "id_token",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Failure::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Failure::Denied(_) => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// What went wrong, said in the viewer's language.
    pub fn message(&self) -> Message {
        match self {
            Failure::Expired => msg!("sso-failure-expired"),
            Failure::StateMismatch => msg!("sso-failure-state"),
            Failure::WrongIssuer => msg!("sso-failure-issuer"),
            Failure::Denied(code) => msg!("sso-failure-denied", code = code),
            Failure::Unavailable => msg!("sso-failure-unavailable"),
            Failure::Exchange(_) => msg!("sso-failure-exchange"),
            Failure::Token(_) => msg!("sso-failure-token"),
        }
    }

    /// The catalogue key of whom to ask.
    pub fn ask(&self) -> &'static str {
        match self {
            Failure::Unavailable => "sso-ask-later",
            _ => "sso-ask-retry",
        }
    }

    /// What the audit entry adds to `reason=…`.
    pub fn detail(&self) -> String {
        match self {
            Failure::Denied(code) | Failure::Exchange(code) => format!(" error={code}"),
            Failure::Token(what) => format!(" check={what}"),
            _ => String::new(),
        }
    }
}

/// The verified identity of a callback.
pub(crate) struct Verified {
    pub issuer: String,
    pub subject: String,
    pub claims: Claims,
    /// Where the flow asked to go.
    pub next: LocalPath,
}

/// The identity service: its settings, the HTTP client and the cached provider.
pub(crate) struct Sso {
    pub config: SsoConfig,
    http: reqwest::Client,
    provider: Mutex<Option<(Instant, Arc<OidcClient>)>>,
}

/// Whether `issuer` may be an issuer: `https://`, or `http://` on this machine (tests).
pub(crate) fn issuer_allowed(issuer: &str) -> bool {
    let Ok(url) = Url::parse(issuer) else {
        return false;
    };
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    url.query().is_none()
        && url.fragment().is_none()
        && url.host_str().is_some_and(|h| !h.is_empty())
        && (url.scheme() == "https" || url.scheme() == "http" && local)
}

/// Whether `url` may be the redirect URL: this server's `/login/sso/callback`.
pub(crate) fn redirect_allowed(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| {
        matches!(u.scheme(), "https" | "http")
            && u.host_str().is_some()
            && u.path() == "/login/sso/callback"
            && u.query().is_none()
            && u.fragment().is_none()
    })
}

/// The HTTP client towards the provider: no redirects (a token endpoint never redirects, and a
/// redirect could aim anywhere), timeouts, HTTPS only when the issuer is HTTPS, the system's
/// roots and the configured ones.
pub(crate) fn http_client(config: &SsoConfig) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .https_only(config.issuer.starts_with("https://"))
        .user_agent(concat!("junheng/", env!("CARGO_PKG_VERSION")));
    if let Some(pem) = &config.extra_roots {
        let certificates = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| format!("根证书文件不是 PEM 格式的证书：{e}"))?;
        if certificates.is_empty() {
            return Err("根证书文件中没有证书".into());
        }
        for certificate in certificates {
            builder = builder.add_root_certificate(certificate);
        }
    }
    builder
        .build()
        .map_err(|e| format!("无法建立连接统一身份认证服务的客户端：{e}"))
}

impl Sso {
    pub fn new(config: SsoConfig) -> Result<Self, String> {
        Ok(Sso {
            http: http_client(&config)?,
            config,
            provider: Mutex::new(None),
        })
    }

    /// The client of the provider's discovery document: the cached one while fresh, else read
    /// again (also when `again`, after a signature by an unknown key). A provider that cannot
    /// be read keeps its last good document in use.
    async fn client(&self, again: bool) -> Result<Arc<OidcClient>, Failure> {
        let mut cached = self.provider.lock().await;
        if let Some((at, client)) = cached.as_ref()
            && !again
            && at.elapsed() < PROVIDER_TTL
        {
            return Ok(client.clone());
        }
        match self.discover().await {
            Ok(client) => {
                let client = Arc::new(client);
                *cached = Some((Instant::now(), client.clone()));
                Ok(client)
            }
            Err(cause) => {
                tracing::error!(%cause, "identity service: discovery failed");
                cached
                    .as_ref()
                    .map(|(_, c)| c.clone())
                    .ok_or(Failure::Unavailable)
            }
        }
    }

    async fn discover(&self) -> Result<OidcClient, String> {
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(|e| e.to_string())?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| error_chain(&e))?;
        let redirect =
            RedirectUrl::new(self.config.redirect_url.clone()).map_err(|e| e.to_string())?;
        Ok(OidcClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            self.config.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }

    /// The provider's authorization URL for a new login, and the flow to keep.
    pub async fn begin(&self, next: LocalPath) -> Result<(Url, Flow), Failure> {
        let client = self.client(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        );
        for scope in self.config.scopes.iter().filter(|s| *s != "openid") {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        let flow = Flow::new(
            state.into_secret(),
            nonce.secret().clone(),
            verifier.into_secret(),
            next,
        );
        Ok((url, flow))
    }

    /// Exchanges the code and verifies what comes back: the ID token, then the UserInfo
    /// response when the ID token lacks a mapped claim.
    pub async fn finish(&self, flow: Flow, code: &str) -> Result<Verified, Failure> {
        let client = self.client(false).await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|_| Failure::Unavailable)?
            .set_pkce_verifier(PkceCodeVerifier::new(flow.verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                RequestTokenError::ServerResponse(r) => {
                    Failure::Exchange(crate::views::cut(r.error().as_ref()))
                }
                other => {
                    tracing::error!(cause = %error_chain(&other), "identity service: code exchange failed");
                    Failure::Exchange("request".into())
                }
            })?;
        let nonce = Nonce::new(flow.nonce.clone());
        let mut client = client;
        let id_claims = match check_id_token(&client, &tokens, &nonce) {
            // The provider may have rotated its keys since the document was read.
            Err(None) => {
                client = self.client(true).await?;
                check_id_token(&client, &tokens, &nonce)
            }
            other => other,
        }
        .map_err(|check| Failure::Token(check.unwrap_or("signature")))?;
        let subject = id_claims.subject().to_string();
        let issuer = id_claims.issuer().to_string();
        let mut all = Claims(as_object(&id_claims));
        let mapping = &self.config.claims;
        let lacking = mapping.names().any(|c| all.get(c).is_none());
        if lacking && client.user_info_url().is_some() {
            let info: openidconnect::UserInfoClaims<OtherClaims, CoreGenderClaim> = client
                .user_info(
                    tokens.access_token().clone(),
                    Some(id_claims.subject().clone()),
                )
                .map_err(|_| Failure::Unavailable)?
                .request_async(&self.http)
                .await
                .map_err(|e| {
                    tracing::error!(cause = %error_chain(&e), "identity service: UserInfo failed");
                    Failure::Token("userinfo")
                })?;
            all.complete_with(as_object(&info));
        }
        Ok(Verified {
            issuer,
            subject,
            claims: all,
            next: flow.next,
        })
    }
}

type IdClaims = openidconnect::IdTokenClaims<OtherClaims, CoreGenderClaim>;

/// The ID token's claims if it passes every check (issuer, audience, signature by a key of the
/// provider's JWKS with an asymmetric algorithm, expiry, nonce, and `at_hash` when present);
/// else which check failed, `None` for a signature by a key the JWKS does not have.
fn check_id_token(
    client: &OidcClient,
    tokens: &Tokens,
    nonce: &Nonce,
) -> Result<IdClaims, Option<&'static str>> {
    let id_token = tokens.id_token().ok_or(Some("missing"))?;
    let verifier = client
        .id_token_verifier()
        .set_allowed_algs(ALGORITHMS)
        .require_audience_match(true)
        .require_issuer_match(true);
    let claims = id_token.claims(&verifier, nonce).map_err(|e| match e {
        ClaimsVerificationError::SignatureVerification(
            SignatureVerificationError::NoMatchingKey,
        ) => None,
        e => Some(check_of(&e)),
    })?;
    if let Some(expected) = claims.access_token_hash() {
        let alg = id_token.signing_alg().map_err(|_| Some("at_hash"))?;
        let key = id_token
            .signing_key(&verifier)
            .map_err(|_| Some("at_hash"))?;
        let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key)
            .map_err(|_| Some("at_hash"))?;
        if actual != *expected {
            return Err(Some("at_hash"));
        }
    }
    Ok(claims.clone())
}

/// The claims as one JSON object (standard and other claims alike).
fn as_object(claims: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(claims) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Which check of the ID token failed, for the audit log.
fn check_of(e: &ClaimsVerificationError) -> &'static str {
    match e {
        ClaimsVerificationError::Expired(_) => "expired",
        ClaimsVerificationError::InvalidAudience(_) => "audience",
        ClaimsVerificationError::InvalidIssuer(_) => "issuer",
        ClaimsVerificationError::InvalidNonce(_) => "nonce",
        ClaimsVerificationError::SignatureVerification(_) => "signature",
        _ => "claims",
    }
}

/// An error and its causes in one line, for the log (no secrets: the crate's errors name
/// URLs and statuses, not request bodies).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn failures_say_what_went_wrong_and_whom_to_ask() {
        let f = Failure::Denied("access_denied".into());
        assert_eq!(
            f.message().text(Lang::Zh),
            "统一身份认证没有完成登录（access_denied）。"
        );
        assert_eq!(
            f.message().text(Lang::En),
            "The identity service did not complete the login (access_denied)."
        );
        assert!(Lang::Zh.t(f.ask()).starts_with("请返回登录页重新登录"));
        let later = Lang::En.t(Failure::Unavailable.ask());
        assert!(later.starts_with("Please try again later"), "{later}");
    }

    #[test]
    fn only_https_issuers_or_this_machine() {
        assert!(issuer_allowed("https://id.cq.gov.cn/realms/edu"));
        assert!(issuer_allowed("http://127.0.0.1:8081"));
        assert!(issuer_allowed("http://localhost:8081/"));
        assert!(!issuer_allowed("http://id.cq.gov.cn"));
        assert!(!issuer_allowed("https://id.cq.gov.cn/?x=1"));
        assert!(!issuer_allowed("id.cq.gov.cn"));
        assert!(redirect_allowed("https://jy.example.cn/login/sso/callback"));
        assert!(!redirect_allowed("https://jy.example.cn/login/sso"));
        assert!(!redirect_allowed(
            "https://jy.example.cn/login/sso/callback?x"
        ));
    }
}
