import Foundation
import HTTPServer
import Mail

/// Everything an operator can set for one Circles instance, with its defaults.
///
/// It reads the environment (`init(environment:)`) and checks itself (`validate()`); the command
/// line only overlays its options on top. `settings` describes each option and variable, and is
/// where `--help` and README's table come from.
public struct AppConfiguration: Sendable {
    public var server = ServerConfiguration()
    /// The SQLite file; created when missing.
    public var databasePath = "./circles.sqlite"
    /// The folder of static pages.
    public var publicDirectory = "./Public"
    /// The folder of `NNNN_name.sql` migrations.
    public var migrationsDirectory = "./Migrations"
    /// Fill an empty database with demo data at start-up.
    public var loadDemoData = false
    /// The demo directory `loadDemoData` imports: HSDS 3 files and `circles.json`.
    public var demoDirectory = "./Demo/directory"
    /// The file holding the key that seals personal data, created (mode 0600) when missing.
    public var secretKeyFile = "./circles.key"
    /// `CIRCLES_SECRET_KEY`, which wins over the file when set.
    public var secretKeyValue: String?
    /// Mark cookies `Secure` (set when served over HTTPS behind a proxy).
    public var secureCookies = false
    /// Days after a referral ends before its personal data is erased.
    public var retentionDays = 180
    /// Days after which a listing nobody confirmed shows "not recently confirmed" and ranks below the others.
    public var staleAfterDays = 60
    /// Seconds before a failed webhook delivery is retried; each later retry waits twice as long (capped at an hour).
    /// Not an operator's setting: tests shorten it.
    public var webhookRetryBaseSeconds: Double = 10
    /// Lets webhooks be registered for and delivered to loopback addresses, which are refused
    /// otherwise (see `WebhookTargets`). Not an operator's setting: only the test suite's receivers need it.
    public var webhooksMayReachLoopbackForTestsOnly = false

    /// The addresses webhooks may reach.
    var webhookTargets: WebhookTargets { WebhookTargets(allowsLoopbackForTestsOnly: webhooksMayReachLoopbackForTestsOnly) }

    /// The SMTP relay mail goes to (`--smtp-url smtp://[user:password@]host:port`); nil: mail is off.
    public var smtpRelay: SMTPRelay?
    /// The sender's address of every message (`--mail-from`); needed with a relay.
    public var mailFrom: String?
    /// Seconds before a message the relay deferred is tried again; each later retry waits twice as long.
    /// Not an operator's setting: tests shorten it.
    public var mailRetryBaseSeconds: Double = 30
    /// Seconds the sender waits for each step of the relay's dialogue. Not an operator's setting: tests shorten it.
    public var smtpTimeouts = SMTPClient.Timeouts(connect: 30, command: 60, dataTermination: 300)

    /// The address people reach Circles at (`https://circles.example.org`), for absolute links and
    /// feed UIDs; nil: taken from each request's `Host` header.
    public var publicURL: String?

    /// Origins (`https://app.example.org`) whose pages may make credentialed cross-origin requests
    /// (writes, referrals, keys…); public reads are open to every origin anyway. See `CORS`.
    public var allowedOrigins: [String] = []

    /// Reverse proxies (addresses or CIDR blocks, as given) whose `X-Forwarded-For` or `Forwarded`
    /// names the client, for rate limits and the audit log; `validate()` puts them into `server.trustedProxies`.
    public var trustedProxies: [String] = []

    /// A Bearer token that may read `/metrics` on the main port (besides administrators' keys).
    public var metricsToken: String?
    /// A second port serving only `/metrics`, without authentication (nil: none).
    public var metricsPort: Int?
    /// The address of the metrics port; keep it on loopback or a private network.
    public var metricsHost = "127.0.0.1"
    /// Megabytes of encoded public search answers kept for reuse (see `SearchCache`); 0 turns the cache off.
    public var searchCacheMegabytes = 32
    /// Megabytes of groups' encoded objects kept for later searches (see `GroupJSONCache`); 0 turns it off.
    /// Filled only by what searches show: enough for the groups 5,330 different searches of a directory of
    /// 100,000 show (`Benchmarks/search-mix`); 64 MB was not, and those searches cost six times as much.
    public var groupCacheMegabytes = 256
    /// `circles serve` runs the server under a supervisor that restarts it after a crash (the command's
    /// concern, kept here so that every setting has one home).
    public var supervisor = true

    public var searchCacheBytes: Int { searchCacheMegabytes << 20 }
    public var groupCacheBytes: Int { groupCacheMegabytes << 20 }

    public init() {}

    /// The defaults with the environment's values on top (an empty variable counts as unset), for
    /// `settings` (every setting by default; a command that needs a few reads only those).
    public init(environment: [String: String], reading settings: [ConfigurationSetting] = AppConfiguration.settings) throws {
        for setting in settings {
            guard let text = environment[setting.variable], !text.isEmpty else { continue }
            try setting.read(text, into: &self)
        }
    }

    /// Refuses values out of range (naming the option and the variable) and normalizes origins and
    /// addresses, for `settings` (every setting by default).
    public mutating func validate(_ settings: [ConfigurationSetting] = AppConfiguration.settings) throws {
        for setting in settings {
            try setting.check(&self)
        }
    }
}
