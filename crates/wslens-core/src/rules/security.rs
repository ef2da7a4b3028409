//! SEC6xx: cross-site WebSocket hijacking and credentials in places that leak
//! (RFC 6455 §10.2, §10.5).

use super::{Findings, Rule};
use crate::{
    http::{Field, StartLine},
    names,
    report::{Part, Span},
    rules::context::{authority_host, Cx},
};

/// Query parameter names that usually carry a credential.
pub(crate) const SECRET_PARAMS: &[&str] = &[
    "token",
    "access_token",
    "auth",
    "authorization",
    "jwt",
    "apikey",
    "api_key",
    "key",
    "password",
    "secret",
    "session",
    "sessionid",
    "sig",
    "signature",
    "ticket",
];

pub(crate) fn check(cx: &Cx<'_>, protocols: &[(&str, Span)], out: &mut Findings) {
    let Some(req) = cx.req else { return };
    if let StartLine::Request { target, .. } = req.start {
        let text = cx.snippet(target);
        if let Some((path_len, query)) = text.split_once('?').map(|(p, q)| (p.len() + 1, q)) {
            let mut at = target.start as usize + path_len;
            for pair in query.split('&') {
                let name = pair.split('=').next().unwrap_or("");
                if SECRET_PARAMS.iter().any(|s| s.eq_ignore_ascii_case(name))
                    && pair.len() > name.len() + 1
                {
                    out.add_folding(Rule::CredentialsInQuery, Part::Request, Span::new(at, at + pair.len()), || (
                        format!("the query parameter `{name}` looks like a credential"),
                        "URLs end up in server and proxy logs: prefer a cookie or a short-lived, single-use ticket; wslens redacts it when sharing".into()));
                }
                at += pair.len() + 1;
            }
        }
    }
    for (name, span) in protocols {
        if looks_like_token(name) {
            out.add_folding(Rule::TokenInSubprotocol, Part::Request, *span, || (
                "an offered subprotocol looks like a credential (a JWT or a long random token)".into(),
                "if a token travels here, the server must still answer a real subprotocol, and logs keep the token; prefer a cookie or a ticket in the URL".into()));
        }
    }
    // RFC 6455 §10.2: a 101 for a handshake with credentials and no sign of an Origin check.
    let Some(resp) = cx.switched_response() else { return };
    let Some(exposure) = Exposure::of(cx) else { return };
    let why = match exposure.origin {
        None => "the request has no Origin, and the server switched anyway".to_owned(),
        Some(_) => format!("the server switched for {}", exposure.origin_case()),
    };
    out.response(Rule::CswshRisk, resp.start_line,
        format!("the handshake carries {} and {why}", exposure.credentials.name(cx.src)),
        "check Origin against an allow-list of your own sites before switching protocols (not just \"same host\"); otherwise any page can open this socket with the user's cookies".into())
        .label(exposure.credentials.line, "credentials");
}

/// A request that a server should switch for only after checking its Origin (RFC 6455
/// §10.2): it carries credentials, and its Origin is missing, `null` or another site's.
pub(crate) struct Exposure<'a> {
    /// The first Cookie or Authorization field.
    pub(crate) credentials: &'a Field,
    /// The Origin's value, `None` when there is none.
    pub(crate) origin: Option<&'a str>,
}

impl<'a> Exposure<'a> {
    /// The request's exposure, worked out once per exchange.
    pub(crate) fn of(cx: &Cx<'a>) -> Option<Exposure<'a>> {
        let req = cx.req?;
        let &(credentials, origin) = cx
            .exposure
            .get_or_init(|| {
                let is = |f: &Field, name: &str| f.is(cx.src, name);
                let credentials = req
                    .fields
                    .iter()
                    .position(|f| is(f, names::COOKIE) || is(f, names::AUTHORIZATION))?;
                let origin_at = req.fields.iter().position(|f| is(f, names::ORIGIN));
                let origin = origin_at.map(|i| req.fields[i].value(cx.src));
                let host =
                    req.first(cx.src, names::HOST).map_or("", |f| authority_host(f.value(cx.src)));
                let exposed = match origin {
                    None | Some("null") => true,
                    Some(o) => super::request::serialized_origin_host(o)
                        .is_some_and(|oh| !oh.eq_ignore_ascii_case(host)),
                };
                exposed.then_some((credentials, origin_at))
            })
            .as_ref()?;
        Some(Exposure {
            credentials: &req.fields[credentials],
            origin: origin.map(|i| req.fields[i].value(cx.src)),
        })
    }

    /// The Origin in words: `` `Origin: null` ``, `` the cross-site Origin `…` `` or
    /// `no Origin`.
    pub(crate) fn origin_case(&self) -> String {
        match self.origin {
            None => "no Origin".to_owned(),
            Some("null") => "`Origin: null`".to_owned(),
            Some(o) => format!("the cross-site Origin `{o}`"),
        }
    }
}

/// A JWT (three base64url parts) or a long opaque token.
pub(crate) fn looks_like_token(s: &str) -> bool {
    let b64url = |p: &str| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b))
    };
    (s.len() > 30 && s.split('.').count() == 3 && s.split('.').all(b64url))
        || (s.len() >= 32
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_=+/".contains(&b))
            && s.bytes().any(|b| b.is_ascii_digit()))
}
