import Foundation
import HTTPServer
import Mail

extension AppConfiguration {
    /// Every setting, in the order `--help` and README list them.
    public static let settings: [ConfigurationSetting] = [
        .host, .port, .database, .migrations, .publicDirectory, .demo, .demoData, .secretKeyFile, .secretKey, .secureCookies,
        .retentionDays, .staleAfterDays, .allowedOrigins, .publicURL, .trustedProxies, .metricsPort, .metricsHost, .metricsToken,
        .searchCache, .groupCache, .smtpURL, .mailFrom, .supervisor,
    ]
}

extension ConfigurationSetting {
    public static let host = text(
        "host", "CIRCLES_HOST", value: "address",
        "The address to listen on; 0.0.0.0 for every interface.",
        get: { $0.server.host }, set: { $0.server.host = $1 })

    public static let port = integer(
        "port", "CIRCLES_PORT", value: "port",
        "The TCP port; 0 picks a free port (printed at start).", range: 0...65535,
        get: { $0.server.port }, set: { $0.server.port = $1 })

    public static let database = text(
        "database", "CIRCLES_DATABASE", value: "path",
        "The SQLite database file, created when missing (its folder must exist).",
        get: { $0.databasePath }, set: { $0.databasePath = $1 })

    public static let migrations = text(
        "migrations", "CIRCLES_MIGRATIONS", value: "dir",
        "The folder of NNNN_name.sql migrations.",
        get: { $0.migrationsDirectory }, set: { $0.migrationsDirectory = $1 })

    public static let publicDirectory = text(
        "public", "CIRCLES_PUBLIC", value: "dir",
        "The folder of static pages; it must exist.",
        get: { $0.publicDirectory }, set: { $0.publicDirectory = $1 },
        check: { configuration in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: configuration.publicDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigurationError("--public (CIRCLES_PUBLIC): the folder \(configuration.publicDirectory) does not exist")
            }
        })

    public static let demo = flag(
        "demo", "CIRCLES_DEMO", means: "1",
        "Fill an empty database with demo data (invented: no real person, phone number or address).",
        get: { $0.loadDemoData }, set: { $0.loadDemoData = $1 })

    public static let demoData = text(
        "demo-data", "CIRCLES_DEMO_DATA", value: "dir",
        "The demo directory --demo loads: HSDS 3 files and a circles.json (Demo/README.md).",
        get: { $0.demoDirectory }, set: { $0.demoDirectory = $1 })

    public static let secretKeyFile = text(
        "secret-key-file", "CIRCLES_SECRET_KEY_FILE", value: "path",
        "The key that seals personal data; created with mode 0600 when missing. CIRCLES_SECRET_KEY wins when set. Back it up with the database.",
        get: { $0.secretKeyFile }, set: { $0.secretKeyFile = $1 })

    public static let secretKey = text(
        nil, "CIRCLES_SECRET_KEY", value: "base64",
        "The key that seals personal data itself (32 bytes, base64), instead of the key file.",
        get: { _ in nil }, set: { $0.secretKeyValue = $1 })

    public static let secureCookies = flag(
        "secure-cookies", "CIRCLES_SECURE_COOKIES", means: "1",
        "Mark session cookies Secure, for HTTPS behind a proxy.",
        get: { $0.secureCookies }, set: { $0.secureCookies = $1 })

    public static let retentionDays = integer(
        "retention-days", "CIRCLES_RETENTION_DAYS", value: "days",
        "Days after a referral ends before its personal data is erased (its history stays).", range: 1...Int.max,
        get: { $0.retentionDays }, set: { $0.retentionDays = $1 })

    public static let staleAfterDays = integer(
        "stale-after-days", "CIRCLES_STALE_AFTER_DAYS", value: "days",
        "Days without a confirmation after which a listing shows \"not recently confirmed\" and ranks below confirmed ones.",
        range: 1...3650, get: { $0.staleAfterDays }, set: { $0.staleAfterDays = $1 })

    public static let allowedOrigins = text(
        "allowed-origin", "CIRCLES_ALLOWED_ORIGINS", value: "origin",
        "An origin such as https://app.example.org whose pages may make credentialed cross-origin requests (writes, referrals, keys); "
            + "repeat the option for more, or separate them with commas in the variable. Public reads are open to every origin without it.",
        get: { $0.allowedOrigins.isEmpty ? nil : $0.allowedOrigins.joined(separator: ",") },
        set: { $0.allowedOrigins = $1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } },
        check: { configuration in
            configuration.allowedOrigins = try configuration.allowedOrigins.map { origin in
                guard let normalized = CORS.normalizedOrigin(origin) else {
                    throw ConfigurationError(
                        "--allowed-origin (CIRCLES_ALLOWED_ORIGINS): \"\(origin)\" must be scheme://host[:port], "
                            + "such as https://app.example.org (no path, no *)")
                }
                return normalized
            }
        })

    public static let publicURL = text(
        "public-url", "CIRCLES_PUBLIC_URL", value: "url",
        "The address people reach Circles at, such as https://circles.example.org, for absolute links in pages, feeds, embeds "
            + "and mail (needed with --smtp-url). Without it, each request's Host header is used (never for mail).",
        get: { $0.publicURL }, set: { $0.publicURL = $1 },
        check: { configuration in
            guard let url = configuration.publicURL else { return }
            guard let origin = CORS.normalizedOrigin(url) else {
                throw ConfigurationError("--public-url (CIRCLES_PUBLIC_URL): \"\(url)\" must be scheme://host[:port], such as https://circles.example.org")
            }
            configuration.publicURL = origin
        })

    public static let trustedProxies = text(
        "trusted-proxy", "CIRCLES_TRUSTED_PROXIES", value: "CIDR",
        "A reverse proxy's address or block (127.0.0.1, 10.0.0.0/8, ::1) whose X-Forwarded-For or Forwarded header names the client, "
            + "for rate limits and the audit log; repeat the option, or separate them with commas in the variable. "
            + "From any other address those headers are ignored.",
        get: { $0.trustedProxies.isEmpty ? nil : $0.trustedProxies.joined(separator: ",") },
        set: { $0.trustedProxies = $1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } },
        check: { configuration in
            configuration.server.trustedProxies = try configuration.trustedProxies.map { text in
                guard let network = IPNetwork(text) else {
                    throw ConfigurationError(
                        "--trusted-proxy (CIRCLES_TRUSTED_PROXIES): \"\(text)\" must be an IP address or a CIDR block such as 10.0.0.0/8")
                }
                return network
            }
        })

    public static let metricsPort = ConfigurationSetting(
        option: "metrics-port", variable: "CIRCLES_METRICS_PORT", form: .value("port"),
        summary: "Also serve /metrics, without authentication, on this port of --metrics-host. "
            + "On the main port /metrics needs an admin key or CIRCLES_METRICS_TOKEN.",
        read: { configuration, text in
            guard let port = Int(text) else { throw ConfigurationError("--metrics-port (CIRCLES_METRICS_PORT) must be a whole number, not \"\(text)\"") }
            configuration.metricsPort = port
        },
        show: { $0.metricsPort.map(String.init) },
        check: { configuration in
            guard let port = configuration.metricsPort else { return }
            guard (1...65535).contains(port), port != configuration.server.port else {
                throw ConfigurationError("--metrics-port (CIRCLES_METRICS_PORT) must be between 1 and 65535 and differ from the main port, not \(port)")
            }
        })

    public static let metricsHost = text(
        "metrics-host", "CIRCLES_METRICS_HOST", value: "address",
        "The address of the metrics port; keep it on loopback or a private network.",
        get: { $0.metricsHost }, set: { $0.metricsHost = $1 })

    public static let metricsToken = text(
        nil, "CIRCLES_METRICS_TOKEN", value: "token",
        "A Bearer token that may read /metrics on the main port (administrators' keys always may).",
        get: { _ in nil }, set: { $0.metricsToken = $1 })

    public static let searchCache = integer(
        "search-cache-mb", "CIRCLES_SEARCH_CACHE_MB", value: "MB",
        "Megabytes of public group-search answers kept for reuse while the directory is unchanged; 0 turns the cache off.",
        range: 0...4096, get: { $0.searchCacheMegabytes }, set: { $0.searchCacheMegabytes = $1 })

    public static let groupCache = integer(
        "group-cache-mb", "CIRCLES_GROUP_CACHE_MB", value: "MB",
        "Megabytes of groups as public searches show them, kept for later searches while unchanged; 0 turns it off.",
        range: 0...4096, get: { $0.groupCacheMegabytes }, set: { $0.groupCacheMegabytes = $1 })

    public static let supervisor = flag(
        "no-supervisor", "CIRCLES_SUPERVISOR", means: "0",
        "Run the server in this process, without the supervisor that restarts it after a crash.",
        get: { $0.supervisor }, set: { $0.supervisor = $1 })

    public static let smtpURL = ConfigurationSetting(
        option: "smtp-url", variable: "CIRCLES_SMTP_URL", form: .value("url"),
        summary: "The SMTP relay mail goes to, as smtp://[user:password@]host:port; a password only to a relay on this machine "
            + "(needs --mail-from and --public-url). Without it no mail is sent (the console says so).",
        read: { configuration, text in
            switch SMTPRelay.parse(text) {
            case .success(let relay): configuration.smtpRelay = relay
            case .failure(let problem): throw ConfigurationError("--smtp-url (CIRCLES_SMTP_URL) \(problem.message), such as smtp://localhost:25")
            }
        },
        show: { $0.smtpRelay.map { "smtp://\($0.user == nil ? "" : "…@")\($0.host):\($0.port)" } },
        check: { configuration in
            guard let relay = configuration.smtpRelay else { return }
            guard relay.user == nil || relay.isLocal else {
                throw ConfigurationError(
                    "--smtp-url (CIRCLES_SMTP_URL): a password is sent only to a relay on this machine (localhost, 127.0.0.1, ::1), "
                        + "since Circles speaks no TLS; run a local relay such as Postfix or msmtp (docs/OPERATIONS.md)")
            }
            guard configuration.mailFrom != nil else {
                throw ConfigurationError("--smtp-url (CIRCLES_SMTP_URL) needs --mail-from (CIRCLES_MAIL_FROM), the sender's address")
            }
            // Links in mail come from it alone: a visitor's Host header would otherwise choose where they lead.
            guard configuration.publicURL != nil else {
                throw ConfigurationError(
                    "--smtp-url (CIRCLES_SMTP_URL) needs --public-url (CIRCLES_PUBLIC_URL), the address people reach this site at: "
                        + "every link in a message is made from it")
            }
        })

    public static let mailFrom = text(
        "mail-from", "CIRCLES_MAIL_FROM", value: "address",
        "The sender's address of every message, such as circles@example.org (needed with --smtp-url).",
        get: { $0.mailFrom }, set: { $0.mailFrom = $1 },
        check: { configuration in
            guard let from = configuration.mailFrom else { return }
            guard FieldRules.email(from) == nil, from.allSatisfy(\.isASCII) else {
                throw ConfigurationError("--mail-from (CIRCLES_MAIL_FROM): \"\(from)\" must be an address such as circles@example.org")
            }
        })
}
