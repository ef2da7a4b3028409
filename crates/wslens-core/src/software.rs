//! The proxy or server that answered, and the change to make in its own configuration.
//!
//! Each entry is data: the marks that show it answered (a `Server` or `Via` value, a header
//! only it sends, the words of its error page), and for each class of failure the fix in its
//! own configuration language, with a link to its documentation. Written in our own words;
//! the link is the source. `docs/software.md` is generated from this table.

use crate::{
    http::Head,
    report::{SoftwareFix, Span},
};

/// What went wrong, in the classes that have a software-specific fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The upgrade did not get through: a 200, a 400 or a 505 from a proxy that dropped
    /// Upgrade and Connection or spoke HTTP/1.0 to the backend.
    UpgradeLost,
    /// 403: an Origin check, authentication, or a rule.
    Forbidden,
    /// 404: no route for the path.
    NotFound,
    /// 502 (and a CDN's 52x): the backend could not be reached or failed.
    BadGateway,
    /// 503: no healthy backend, or WebSockets not offered there.
    Unavailable,
    /// 504 or 524: the backend did not answer in time.
    Timeout,
}

impl Failure {
    /// The failure class of a response's status, given whether the request lost its upgrade
    /// on the way (a capture of both hops says so).
    pub(crate) fn of(status: u16, upgrade_lost: bool) -> Option<Failure> {
        match status {
            _ if upgrade_lost => Some(Failure::UpgradeLost),
            200 | 400 | 505 => Some(Failure::UpgradeLost),
            403 => Some(Failure::Forbidden),
            404 => Some(Failure::NotFound),
            502 | 520..=523 | 525 | 526 => Some(Failure::BadGateway),
            503 => Some(Failure::Unavailable),
            504 | 524 => Some(Failure::Timeout),
            _ => None,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Failure::UpgradeLost => "the upgrade did not reach the WebSocket server",
            Failure::Forbidden => "the request was refused (403)",
            Failure::NotFound => "nothing handles WebSockets at this path (404)",
            Failure::BadGateway => "the proxy could not get an answer from the backend",
            Failure::Unavailable => "no backend was available (503)",
            Failure::Timeout => "the backend did not answer in time",
        }
    }
}

/// A mark that a piece of software answered.
enum Mark {
    /// A header whose value contains this text (lowercase), or is present when empty.
    Header(&'static str, &'static str),
    /// The response body contains this text.
    Body(&'static str),
}

/// A proxy or server, how to recognise it, and how to fix it.
pub(crate) struct Software {
    pub(crate) id: &'static str,
    pub(crate) name: &'static str,
    marks: &'static [Mark],
    /// The fix for each failure class.
    fixes: &'static [(Failure, &'static str)],
    /// What to check for a failure without its own fix.
    pub(crate) general: &'static str,
    /// Its documentation of WebSocket proxying or serving.
    pub(crate) docs: &'static str,
}

/// Proxies and CDNs first: they sit in front, and their marks win over a backend's. Tomcat
/// comes before Apache httpd: its connector says `Server: Apache-Coyote`.
pub(crate) const SOFTWARE: &[Software] = &[
    Software {
        id: "cloudflare",
        name: "Cloudflare",
        marks: &[Mark::Header("cf-ray", ""), Mark::Header("server", "cloudflare")],
        fixes: &[
            (Failure::UpgradeLost, "Cloudflare proxies WebSockets only with WebSockets switched on (dashboard: Network, WebSockets) and only on the ports it proxies for HTTP (80, 443, 8080, 8443, 2052, 2053, 2082, 2083, 2086, 2087, 2095, 2096, 8880); connect on one of them, and check that no Page Rule, Worker or Transform Rule rewrites Upgrade or Connection"),
            (Failure::BadGateway, "52x statuses are Cloudflare's words for the origin: 521 it refused the connection, 522 it timed out connecting, 523 it is unreachable, 525/526 TLS to it failed; start the origin's WebSocket server on the address and port the DNS record names, and allow Cloudflare's addresses through its firewall"),
            (Failure::Timeout, "524: the origin accepted the connection but did not answer the upgrade within 100 seconds; answer the handshake at once, and send pings at least every 100 seconds on open connections, which Cloudflare closes when idle"),
            (Failure::Forbidden, "a WAF rule, Bot Fight Mode or an Access policy refused the request before the origin saw it: the Security Events log names the rule; allow the WebSocket path there"),
        ],
        general: "the answer came from Cloudflare's edge: its Security Events and the origin's log say which side refused",
        docs: "https://developers.cloudflare.com/network/websockets/",
    },
    Software {
        id: "aws-api-gateway",
        name: "AWS API Gateway",
        marks: &[Mark::Header("x-amz-apigw-id", ""), Mark::Header("x-amzn-errortype", "")],
        fixes: &[
            (Failure::Forbidden, "only a WebSocket API accepts upgrades: a REST or HTTP API answers them with 403 or 404. Create a WebSocket API (routes $connect, $disconnect, $default), and connect to wss://API-ID.execute-api.REGION.amazonaws.com/STAGE; a 403 from a WebSocket API means a wrong stage name, or a $connect authorizer that denied the request"),
            (Failure::NotFound, "only a WebSocket API accepts upgrades, at wss://API-ID.execute-api.REGION.amazonaws.com/STAGE; check the API type and the stage in the URL"),
            (Failure::UpgradeLost, "only a WebSocket API accepts upgrades: a REST or HTTP API answers them as ordinary requests; create a WebSocket API and use its wss:// URL"),
            (Failure::BadGateway, "the $connect route's integration failed or timed out (it has 29 seconds): its CloudWatch logs say why"),
        ],
        general: "API Gateway answered: enable execution logging for the stage and read the $connect route's log",
        docs: "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api.html",
    },
    Software {
        id: "aws-alb",
        name: "AWS Application Load Balancer",
        marks: &[Mark::Header("server", "awselb"), Mark::Header("x-amzn-trace-id", "")],
        fixes: &[
            (Failure::BadGateway, "the target closed or reset the connection, or answered something the load balancer could not read: check that the target group's port is the WebSocket server's, its protocol HTTP (or HTTPS to a TLS target), and the target's log"),
            (Failure::Unavailable, "no healthy target: the target group's health check fails (often because the health check path answers 404 or requires an upgrade); give it a plain HTTP path that answers 200"),
            (Failure::Timeout, "the target did not answer within the idle timeout (60 seconds by default); raise the load balancer attribute idle_timeout.timeout_seconds, and send pings on open connections more often than it"),
            (Failure::UpgradeLost, "an ALB passes upgrades through on HTTP and HTTPS listeners by itself: a 200 or 400 comes from the target; route the path to the WebSocket server, and check that nothing between (a CloudFront behaviour that strips headers, a Lambda target, which cannot hold a WebSocket) drops the upgrade"),
        ],
        general: "the answer came through an AWS load balancer: its access log (elb_status_code and target_status_code) says whether the target or the balancer answered",
        docs: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html",
    },
    Software {
        id: "azure-front-door",
        name: "Azure Front Door",
        marks: &[Mark::Header("x-azure-ref", ""), Mark::Header("x-fd-healthprobe", "")],
        fixes: &[
            (Failure::UpgradeLost, "Front Door Standard and Premium pass WebSockets on; the classic tier does not. Move the route to a Standard or Premium profile, and check that no rule set rewrites Connection or Upgrade"),
            (Failure::BadGateway, "Front Door could not reach the origin (a 502 or 503 with an X-Azure-Ref): check the origin's host header, port and certificate, and its health probe"),
        ],
        general: "Front Door answered: look its X-Azure-Ref value up in the access log to see which side failed",
        docs: "https://learn.microsoft.com/en-us/azure/frontdoor/standard-premium/websocket",
    },
    Software {
        id: "azure-app-gateway",
        name: "Azure Application Gateway",
        marks: &[Mark::Header("server", "microsoft-azure-application-gateway")],
        fixes: &[
            (Failure::BadGateway, "no healthy backend answered: the health probe fails or the backend's port is not the WebSocket server's; fix the probe (a plain path that answers 200) and the backend settings"),
            (Failure::Timeout, "the backend did not answer within the backend setting's request timeout; raise it, and send pings on open connections"),
        ],
        general: "Application Gateway passes WebSockets on by itself: its backend health page and access log say what the backend did",
        docs: "https://learn.microsoft.com/en-us/azure/application-gateway/application-gateway-websocket",
    },
    Software {
        id: "google-cloud-lb",
        name: "Google Cloud load balancer",
        marks: &[Mark::Header("via", "google"), Mark::Header("server", "google frontend")],
        fixes: &[
            (Failure::Timeout, "the backend service's timeout (30 seconds by default) also limits how long a WebSocket stays open; raise timeoutSec on the backend service"),
            (Failure::BadGateway, "the backend closed the connection or failed its health check: check the backend's port and health check, and its log"),
        ],
        general: "Google's external Application Load Balancer passes WebSockets on by itself: its log's statusDetails says what happened",
        docs: "https://cloud.google.com/load-balancing/docs/https#websocket_proxy_support",
    },
    Software {
        id: "envoy",
        name: "Envoy",
        marks: &[Mark::Header("server", "envoy"), Mark::Header("x-envoy-upstream-service-time", "")],
        fixes: &[
            (Failure::UpgradeLost, "Envoy drops upgrades it was not told about: add `upgrade_configs: [{upgrade_type: websocket}]` to the HTTP connection manager (or to the route)"),
            (Failure::Timeout, "the route's timeout (15 seconds by default) also covers the upgrade; set `timeout: 0s` on the WebSocket route and an `idle_timeout` that suits it"),
            (Failure::Unavailable, "no healthy upstream host in the cluster (`no healthy upstream`): check the cluster's endpoints and health checks"),
        ],
        general: "Envoy answered: its access log's response flags (UF, UH, UT, …) say why",
        docs: "https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/http/upgrades",
    },
    Software {
        id: "haproxy",
        name: "HAProxy",
        marks: &[Mark::Body("No server is available to handle this request"), Mark::Header("server", "haproxy")],
        fixes: &[
            (Failure::Unavailable, "no server of the backend is up (\"No server is available\"): its health check fails; give the check a plain HTTP path (`option httpchk GET /health`) or check the server's port"),
            (Failure::Timeout, "set `timeout tunnel 1h` in the backend (or defaults): once upgraded, a WebSocket lives by that timeout, not `timeout server`"),
            (Failure::UpgradeLost, "HAProxy passes upgrades on in `mode http` by itself: check that no `http-request del-header Connection` or `set-header` rewrites it, and that the frontend is not in a mode that answers itself"),
        ],
        general: "HAProxy answered: its log's termination state (for example sH, SC, cD) says which side failed",
        docs: "https://www.haproxy.com/documentation/haproxy-configuration-tutorials/load-balancing/websocket/",
    },
    Software {
        id: "traefik",
        name: "Traefik",
        marks: &[Mark::Header("server", "traefik")],
        fixes: &[
            (Failure::NotFound, "Traefik found no router for this host and path (`404 page not found`): check the router rule (Host and PathPrefix) and the entry point"),
            (Failure::BadGateway, "the service's server is unreachable: check the service's URL and port"),
        ],
        general: "Traefik passes WebSockets on by itself: its access log says which router and service took the request",
        docs: "https://doc.traefik.io/traefik/routing/routers/",
    },
    Software {
        id: "caddy",
        name: "Caddy",
        marks: &[Mark::Header("server", "caddy")],
        fixes: &[
            (Failure::UpgradeLost, "`reverse_proxy` passes WebSockets on by itself: remove any `header_up Connection` or `header_up Upgrade` that overrides them, and check that the matcher sends this path to reverse_proxy"),
            (Failure::BadGateway, "the upstream in `reverse_proxy` is unreachable: check its address and port"),
        ],
        general: "Caddy answered: run it with `debug` in the global options to log the proxied request",
        docs: "https://caddyserver.com/docs/caddyfile/directives/reverse_proxy",
    },
    Software {
        id: "nginx",
        name: "nginx",
        marks: &[Mark::Header("server", "nginx"), Mark::Body("<center>nginx")],
        fixes: &[
            (Failure::UpgradeLost, "nginx speaks HTTP/1.0 to upstreams and drops the hop-by-hop Upgrade and Connection unless told. In `http {}`: `map $http_upgrade $connection_upgrade { default upgrade; '' close; }`; in the location: `proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade; proxy_set_header Host $host;`. Any `proxy_set_header` in a location drops every one inherited from the server block, so repeat the others there too"),
            (Failure::Timeout, "`proxy_read_timeout` (60 seconds by default) closes a WebSocket that is quiet that long: raise it in the location (`proxy_read_timeout 1h; proxy_send_timeout 1h;`) or send pings more often"),
            (Failure::BadGateway, "the upstream refused or reset the connection: check the address and port in `proxy_pass` and the upstream's log; error.log has the reason (`connect() failed`, `upstream prematurely closed`)"),
            (Failure::NotFound, "no location sends this path to the WebSocket server: add a `location` for it with `proxy_pass` (mind the trailing slash, which changes the path nginx forwards)"),
        ],
        general: "nginx answered: error.log says whether it or the upstream refused",
        docs: "https://nginx.org/en/docs/http/websocket.html",
    },
    Software {
        id: "iis",
        name: "IIS (with Application Request Routing)",
        marks: &[Mark::Header("server", "microsoft-iis"), Mark::Header("x-powered-by", "arr/")],
        fixes: &[
            (Failure::UpgradeLost, "IIS handles upgrades only with the WebSocket Protocol feature installed (Server Manager: Web Server, Application Development, WebSocket Protocol) and `<webSocket enabled=\"true\" />` in system.webServer; ARR then passes them to the backend"),
            (Failure::BadGateway, "ARR could not reach the backend (502.3 is a timeout, 502.4 no server): check the server farm and its health test"),
        ],
        general: "IIS answered: the Failed Request Tracing log has the substatus",
        docs: "https://learn.microsoft.com/en-us/iis/configuration/system.webserver/websocket",
    },
    Software {
        id: "tomcat",
        name: "Apache Tomcat",
        marks: &[Mark::Header("server", "apache-coyote"), Mark::Body("Apache Tomcat")],
        fixes: &[(Failure::NotFound, "no @ServerEndpoint is deployed at this path: check the endpoint's path and the application's context path, which Tomcat puts before it")],
        general: "Tomcat answered: catalina.out and the access log say which application took the request",
        docs: "https://tomcat.apache.org/tomcat-10.1-doc/web-socket-howto.html",
    },
    Software {
        id: "apache",
        name: "Apache httpd",
        marks: &[Mark::Header("server", "apache"), Mark::Body("<address>Apache")],
        fixes: &[
            (Failure::UpgradeLost, "mod_proxy passes the upgrade on only when told: with httpd 2.4.47 or later, `ProxyPass \"/chat/\" \"http://backend:8080/chat/\" upgrade=websocket`; before it, load mod_proxy_wstunnel and proxy to `ws://backend:8080/chat/`"),
            (Failure::Timeout, "`ProxyTimeout` (or `timeout=` on the ProxyPass line) also limits a quiet WebSocket: raise it, or send pings more often"),
            (Failure::BadGateway, "the backend refused the connection: check the ProxyPass address and port; error_log has the reason"),
        ],
        general: "Apache httpd answered: error_log (LogLevel proxy:debug) says what mod_proxy did",
        docs: "https://httpd.apache.org/docs/2.4/mod/mod_proxy.html#wsupgrade",
    },
    Software {
        id: "kestrel",
        name: "ASP.NET Core (Kestrel)",
        marks: &[Mark::Header("server", "kestrel")],
        fixes: &[
            (Failure::UpgradeLost, "call `app.UseWebSockets()` before the endpoint that accepts them, and accept only when `context.WebSockets.IsWebSocketRequest`; a 400 comes from that check failing, often because a proxy in front dropped the upgrade"),
            (Failure::Forbidden, "`WebSocketOptions.AllowedOrigins` does not list the page's origin (or CORS refused it): add it"),
        ],
        general: "Kestrel answered: its log at Debug level says why it refused the upgrade",
        docs: "https://learn.microsoft.com/en-us/aspnet/core/fundamentals/websockets",
    },
    Software {
        id: "jetty",
        name: "Jetty",
        marks: &[Mark::Header("server", "jetty")],
        fixes: &[(Failure::NotFound, "no WebSocket endpoint is mapped at this path: register it (JakartaWebSocketServletContainerInitializer or a JettyWebSocketServlet) for the path the client uses")],
        general: "Jetty answered: its log at DEBUG for org.eclipse.jetty.websocket says why",
        docs: "https://jetty.org/docs/jetty/12/programming-guide/server/websocket.html",
    },
    Software {
        id: "gunicorn",
        name: "gunicorn",
        marks: &[Mark::Header("server", "gunicorn")],
        fixes: &[(Failure::UpgradeLost, "gunicorn's sync workers cannot hold a WebSocket: run an ASGI worker (`-k uvicorn.workers.UvicornWorker`) or gevent/eventlet with a WebSocket-aware app")],
        general: "gunicorn answered: its error log says what the worker did",
        docs: "https://docs.gunicorn.org/en/stable/design.html",
    },
    Software {
        id: "uvicorn",
        name: "uvicorn",
        marks: &[Mark::Header("server", "uvicorn")],
        fixes: &[(Failure::UpgradeLost, "uvicorn answers upgrades only with a WebSocket library installed (`pip install 'uvicorn[standard]'` brings websockets); without one it logs \"Unsupported upgrade request\" and answers as plain HTTP")],
        general: "uvicorn answered: run it with `--log-level debug` to see the upgrade",
        docs: "https://www.uvicorn.org/settings/",
    },
    Software {
        id: "node",
        name: "Node.js HTTP server (Express)",
        marks: &[Mark::Header("x-powered-by", "express")],
        fixes: &[(Failure::UpgradeLost, "the upgrade reached the HTTP server but no WebSocket server is attached to its `upgrade` event, so an Express route answered it: create the WebSocket server on the same server (`new WebSocketServer({ server })`, or `noServer: true` and `server.on('upgrade', ...)`), for this path")],
        general: "Node's HTTP server answered: the `upgrade` event handler decides; log in it",
        docs: "https://nodejs.org/api/http.html#event-upgrade",
    },
];

/// The software whose marks the response carries (proxies first), with the evidence.
pub(crate) fn recognise<'a>(
    src: &'a str,
    resp: &'a Head,
    body: Option<Span>,
) -> Option<(&'static Software, String, Span)> {
    // Body marks are error pages: after a 101 come WebSocket frames, whose messages may say
    // anything (a chat message naming a server is not that server's error page).
    let body = body.filter(|_| resp.status() != Some(101));
    let body_text = body.and_then(|b| src.get(b.range())).unwrap_or("");
    SOFTWARE.iter().find_map(|software| {
        software.marks.iter().find_map(|mark| match mark {
            Mark::Header(name, needle) => resp.all(src, name).find_map(|f| {
                let value = f.value(src);
                let hit = needle.is_empty() || value.to_ascii_lowercase().contains(needle);
                hit.then(|| (software, format!("{}: {}", f.name(src), value), f.line))
            }),
            Mark::Body(needle) if needle.len() > body_text.len() => None,
            Mark::Body(needle) => memchr::memmem::find(body_text.as_bytes(), needle.as_bytes())
                .map(|at| {
                    let start = body.map_or(0, |b| b.start as usize) + at;
                    (
                        software,
                        format!("its error page (`{needle}`)"),
                        Span::new(start, start + needle.len()),
                    )
                }),
        })
    })
}

/// The report's view: who answered and, for a failure, the fix in its configuration.
pub(crate) fn fix(
    software: &'static Software,
    evidence: String,
    span: Span,
    failure: Option<Failure>,
) -> SoftwareFix {
    let specific = failure.and_then(|f| software.fixes.iter().find(|(c, _)| *c == f));
    SoftwareFix {
        id: software.id,
        name: software.name,
        evidence,
        span,
        failure: failure.map(Failure::describe),
        fix: match (specific, failure) {
            (Some((_, text)), _) => Some((*text).to_owned()),
            (None, Some(_)) => Some(software.general.to_owned()),
            (None, None) => None,
        },
        docs: software.docs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{parse_head, Layout};

    fn answered_by(head: &str) -> Option<&'static str> {
        let src = format!("{head}\r\n");
        let parsed = parse_head(&src, 0, Layout::Indented(0));
        let body = Span::new(parsed.end, src.len());
        recognise(&src, &parsed, Some(body)).map(|(s, _, _)| s.id)
    }

    #[test]
    fn the_proxy_in_front_wins() {
        let both =
            "HTTP/1.1 200 OK\r\nX-Powered-By: Express\r\nServer: cloudflare\r\nCF-RAY: 1-AMS\r\n";
        assert_eq!(answered_by(both), Some("cloudflare"));
        assert_eq!(
            answered_by("HTTP/1.1 502 Bad Gateway\r\nServer: nginx/1.22.1\r\n"),
            Some("nginx")
        );
        assert_eq!(answered_by("HTTP/1.1 403 Forbidden\r\nServer: gws\r\n"), None);
    }

    #[test]
    fn error_pages_are_read_only_in_refusals() {
        let page = "<html><body><h3>Apache Tomcat/10.1</h3></body></html>";
        assert_eq!(
            answered_by(&format!("HTTP/1.1 404 Not Found\r\nContent-Length: 54\r\n\r\n{page}")),
            Some("tomcat")
        );
        // A text frame after a 101 that happens to name a server.
        let frame = "\u{81}\u{d}Apache Tomcat";
        assert_eq!(
            answered_by(&format!(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n{frame}"
            )),
            None
        );
    }

    #[test]
    fn failures_by_status() {
        assert_eq!(Failure::of(200, false), Some(Failure::UpgradeLost));
        assert_eq!(Failure::of(101, true), Some(Failure::UpgradeLost));
        assert_eq!(Failure::of(524, false), Some(Failure::Timeout));
        assert_eq!(Failure::of(418, false), None);
    }

    /// docs/software.md lists what is recognised and each fix; this test renders it from the
    /// table and fails when the committed file differs (`WSLENS_BLESS=1` rewrites it).
    #[test]
    fn software_md_is_fresh() {
        let mut out = String::from("# Proxies and servers\n\n");
        out.push_str("<!-- Generated from crates/wslens-core/src/software.rs by `WSLENS_BLESS=1 cargo test -p wslens-core --lib software`; do not edit. -->\n\n");
        out.push_str("When the response shows which proxy or server answered, the report names it (`exchanges[].software`, with what showed it) and, when the handshake failed, gives the change to make in that software's own configuration. The CLI prints it under the verdict; the viewer shows it in its own pane.\n");
        out.push_str("Proxies and CDNs are tried first, since they sit in front of the application. Each fix is written in our words; its source is the software's documentation, linked.\n\n");
        for s in SOFTWARE {
            out.push_str(&format!("## {}\n\n", s.name));
            let marks: Vec<String> = s
                .marks
                .iter()
                .map(|m| match m {
                    Mark::Header(name, "") => format!("a `{name}` header"),
                    Mark::Header(name, needle) => format!("`{name}` containing `{needle}`"),
                    Mark::Body(needle) => format!("an error page containing `{needle}`"),
                })
                .collect();
            out.push_str(&format!(
                "Recognised by {}. Source: <{}>\n\n",
                marks.join(", or "),
                s.docs
            ));
            for (failure, fix) in s.fixes {
                out.push_str(&format!("- **{}**: {fix}\n", failure.describe()));
            }
            out.push_str(&format!("- **any other failure**: {}\n\n", s.general));
        }
        crate::check_doc_is_fresh("software.md", &out, "cargo test -p wslens-core --lib software");
    }
}
