import HTTPServer

/// Everything an operator can set for one Circles instance.
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
    public var webhookRetryBaseSeconds: Double = 10

    /// The address people reach Circles at (`https://circles.example.org`), for absolute links and
    /// feed UIDs; nil: taken from each request's `Host` header.
    public var publicURL: String?

    /// Origins (`https://app.example.org`) whose pages may make credentialed cross-origin requests
    /// (writes, referrals, keys…); public reads are open to every origin anyway. See `CORS`.
    public var allowedOrigins: [String] = []

    /// A Bearer token that may read `/metrics` on the main port (besides administrators' keys).
    public var metricsToken: String?
    /// A second port serving only `/metrics`, without authentication (nil: none).
    public var metricsPort: Int?
    /// The address of the metrics port; keep it on loopback or a private network.
    public var metricsHost = "127.0.0.1"
    /// Bytes of encoded public search answers kept for reuse (see `SearchCache`); 0 turns the cache off.
    public var searchCacheBytes = 32 << 20

    public init() {}
}
