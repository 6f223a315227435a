import Foundation

/// Settings read and validated once at start-up; every problem is listed together.
public struct Configuration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var databaseURL: String
    public var jwtSecret: String
    public var publicURL: String = "http://127.0.0.1:8080"
    public var smtpHost: String?
    public var smtpPort: Int = 25
    public var mailFrom: String = "noreply@copp.local"
    public var filesDir: String = ".data/files"
    public var filesMaxBytes: Int = 20 * 1_048_576
    public var webDir: String = "web"
    public var migrationsDir: String = "Migrations"
    public var adminEmail: String?
    public var adminPassword: String?
    public var demoData: Bool = false
    /// with the demo data, a region that looks alive: 150 programs, groups, applications, journals (DemoCatalog)
    public var demoCatalog: Bool = false
    public var bcryptCost: UInt8 = 12
    /// How often idle background workers look for due jobs.
    public var workerPollMilliseconds: Int = 1000
    /// Catalog search answers kept in memory (0 turns the cache off).
    public var catalogCacheEntries: Int = 2000
    /// Desk pages and group journals kept in memory (0 = off).
    public var trainingCacheEntries: Int = 2000
    /// PostgreSQL connections per server: more than a few per database core only adds switching (measured:
    /// bench-training).
    public var databasePoolSize: Int = 10
    public var logLevel: String = "info"
    /// Behind a reverse proxy (nginx): take the client address from X-Forwarded-For for login limits.
    public var trustProxy: Bool = false
    /// Bearer token Prometheus sends to read /metrics; without one /metrics is off (404).
    public var metricsToken: String?
    /// Uploads kept per organization (and per person for files of no organization), in bytes.
    public var filesQuotaBytes: Int = 2048 * 1_048_576
    /// LibreOffice's `soffice` for PDF documents (found on PATH by default; `SOFFICE_PATH=off`: none, PDF answers 503).
    public var soffice: String? = PdfConverter.find()
    /// The region's time zone: event schedules are its wall clock, sign-ups close and reminders go by its days.
    public var regionTimeZone: TimeZone = TimeZone(identifier: "Asia/Irkutsk") ?? .current
    /// A BigBlueButton server for lessons' web conferences (`BBB_URL`, its API base ending in `/bigbluebutton/`, and
    /// `BBB_SECRET`, from `bbb-conf --secret`); without them lessons carry links to other services only.
    public var bigBlueButton: BigBlueButton?
    /// An optional Moodle site whose courses groups push their learners to (`MOODLE_URL`, the site's address, and
    /// `MOODLE_TOKEN`, a web-service token allowed core_user_get_users_by_field, core_user_create_users and
    /// enrol_manual_enrol_users); off without them.
    public var moodle: MoodleClient?
    /// Program expertise (seed 000: «прошедшей экспертизу после того, как ее оценят как минимум пять экспертов»): the
    /// ratings a program needs (`EXPERTISE_RATINGS_TO_PASS`), and the days after which an expert's «Взял в работу»
    /// lapses (`EXPERTISE_LOCK_DAYS`).
    public var expertiseRatingsToPass = 5
    public var expertiseLockDays = 7

    public init(databaseURL: String, jwtSecret: String) {
        self.databaseURL = databaseURL
        self.jwtSecret = jwtSecret
    }

    /// Parts of documented example secrets (.env.example): a deployment that copied one is refused.
    static let placeholderSecrets = ["change-me", "changeme", "replace-me", "your-secret"]

    public struct Invalid: Error, CustomStringConvertible {
        public var problems: [String]
        public var description: String { "Invalid configuration:\n  - " + problems.joined(separator: "\n  - ") }
    }

    /// Reads the environment; `NAME_FILE` may point to a file holding the secret instead of `NAME`.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> Configuration
    {
        var problems: [String] = []
        func value(_ name: String) -> String? {
            if let v = env[name], !v.isEmpty { return v }
            if let path = env[name + "_FILE"], !path.isEmpty {
                if let s = try? String(contentsOfFile: path, encoding: .utf8) {
                    return s.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                problems.append("\(name)_FILE: cannot read \(path)")
            }
            return nil
        }
        func int(_ name: String, _ range: ClosedRange<Int>) -> Int? {
            guard let raw = value(name) else { return nil }
            guard let n = Int(raw), range.contains(n) else {
                problems.append(
                    "\(name): expected an integer in \(range.lowerBound)...\(range.upperBound), got '\(raw)'")
                return nil
            }
            return n
        }
        let databaseURL = value("DATABASE_URL") ?? ""
        if databaseURL.isEmpty {
            problems.append("DATABASE_URL: required (postgres://user:password@host:port/database)")
        } else if DatabaseURL(databaseURL) == nil {
            problems.append("DATABASE_URL: not a postgres:// URL")
        }
        let secret = value("JWT_SECRET") ?? ""
        if secret.utf8.count < 32 {
            problems.append("JWT_SECRET: required, at least 32 bytes (HS256 key)")
        } else if Self.placeholderSecrets.contains(where: { secret.lowercased().contains($0) }) {
            problems.append(
                "JWT_SECRET: still the example value; generate one, e.g. `head -c 48 /dev/urandom | base64`")
        }

        var c = Configuration(databaseURL: databaseURL, jwtSecret: secret)
        if let v = value("HOST") { c.host = v }
        if let v = int("PORT", 1...65535) { c.port = v }
        if let v = value("PUBLIC_URL") {
            if URL(string: v)?.scheme?.hasPrefix("http") == true {
                c.publicURL = v.hasSuffix("/") ? String(v.dropLast()) : v
            } else {
                problems.append("PUBLIC_URL: expected an http(s) URL")
            }
        } else {
            c.publicURL = "http://127.0.0.1:\(c.port)"
        }
        c.smtpHost = value("SMTP_HOST")
        if let v = int("SMTP_PORT", 1...65535) { c.smtpPort = v }
        if let v = value("MAIL_FROM") { c.mailFrom = v }
        if let v = value("FILES_DIR") { c.filesDir = v }
        if let v = int("FILES_MAX_MB", 1...1024) { c.filesMaxBytes = v * 1_048_576 }
        if let v = int("EXPERTISE_RATINGS_TO_PASS", 1...50) { c.expertiseRatingsToPass = v }
        if let v = int("EXPERTISE_LOCK_DAYS", 1...365) { c.expertiseLockDays = v }
        if let v = value("WEB_DIR") { c.webDir = v }
        if let v = value("MIGRATIONS_DIR") { c.migrationsDir = v }
        c.adminEmail = value("ADMIN_EMAIL")?.lowercased()
        c.adminPassword = value("ADMIN_PASSWORD")
        if (c.adminEmail == nil) != (c.adminPassword == nil) {
            problems.append("ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither")
        }
        if let p = c.adminPassword, p.count < 8 { problems.append("ADMIN_PASSWORD: at least 8 characters") }
        if let v = value("DEMO_DATA") {
            if ["0", "1"].contains(v) { c.demoData = v == "1" } else { problems.append("DEMO_DATA: expected 0 or 1") }
        }
        if let v = value("DEMO_CATALOG") {
            if ["0", "1"].contains(v) {
                c.demoCatalog = v == "1"
            } else {
                problems.append("DEMO_CATALOG: expected 0 or 1")
            }
        }
        if let v = value("TRUST_PROXY") {
            if ["0", "1"].contains(v) {
                c.trustProxy = v == "1"
            } else {
                problems.append("TRUST_PROXY: expected 0 or 1")
            }
        }
        if let v = int("BCRYPT_COST", 4...16) { c.bcryptCost = UInt8(v) }
        if let v = int("WORKER_POLL_MS", 10...60000) { c.workerPollMilliseconds = v }
        if let v = int("CATALOG_CACHE_ENTRIES", 0...1_000_000) { c.catalogCacheEntries = v }
        if let v = int("TRAINING_CACHE_ENTRIES", 0...1_000_000) { c.trainingCacheEntries = v }
        if let v = int("DATABASE_POOL_SIZE", 2...500) { c.databasePoolSize = v }
        if let v = value("LOG_LEVEL") { c.logLevel = v }
        if let v = value("METRICS_TOKEN") {
            if v.utf8.count >= 16 {
                c.metricsToken = v
            } else {
                problems.append("METRICS_TOKEN: at least 16 characters")
            }
        }
        if let v = int("FILES_QUOTA_MB", 1...10_000_000) { c.filesQuotaBytes = v * 1_048_576 }
        if let v = value("SOFFICE_PATH") {
            if v == "off" {
                c.soffice = nil
            } else if FileManager.default.isExecutableFile(atPath: v) {
                c.soffice = v
            } else {
                problems.append("SOFFICE_PATH: no executable at '\(v)' (or 'off' to make documents without PDF)")
            }
        }
        if let v = value("REGION_TIME_ZONE") {
            if let zone = TimeZone(identifier: v) {
                c.regionTimeZone = zone
            } else {
                problems.append("REGION_TIME_ZONE: unknown time zone '\(v)' (e.g. Asia/Irkutsk, Europe/Moscow)")
            }
        }
        switch (value("BBB_URL"), value("BBB_SECRET")) {
        case (nil, nil): break
        case (let url?, let secret?):
            if let server = BigBlueButton(url: url, secret: secret) {
                c.bigBlueButton = server
            } else {
                problems.append("BBB_URL: an http(s) address like https://bbb.example.ru/bigbluebutton/")
            }
        default: problems.append("BBB_URL and BBB_SECRET: set both (BigBlueButton) or neither")
        }
        switch (value("MOODLE_URL"), value("MOODLE_TOKEN")) {
        case (nil, nil): break
        case (let url?, let token?):
            if let site = MoodleClient(site: url, token: token) {
                c.moodle = site
            } else {
                problems.append("MOODLE_URL: an http(s) address like https://moodle.example.ru")
            }
        default: problems.append("MOODLE_URL and MOODLE_TOKEN: set both (Moodle) or neither")
        }
        if !problems.isEmpty { throw Invalid(problems: problems) }
        return c
    }
}
