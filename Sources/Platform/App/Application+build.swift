import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceLifecycle

/// The services every controller is built from; tests reach the database through it.
public struct Services: Sendable {
    public let configuration: Configuration
    public let db: Database
    public let accessTokens: AccessTokens
    public let mailer: Mailer
    public let accounts: AccountService
    public let migrator: Migrator
    /// Catalog search answers; dropped by the `catalog_changed` notices that touch them (see `CatalogChanges`).
    public let catalogCache: CatalogCache
    public var catalogChanges: CatalogChanges {
        CatalogChanges(cache: catalogCache, catalog: CatalogRepository(db: db), logger: db.logger)
    }
    /// Desk pages and journals; dropped per organization or group on `training_changed` notices.
    public let trainingCache: TrainingCache
    /// DOCX → PDF through LibreOffice, when the server has it.
    public var pdf: PdfConverter { pdfConverter }
    let pdfConverter: PdfConverter
    public var documents: DocumentsService {
        DocumentsService(
            db: db, store: FileStore(root: configuration.filesDir), pdf: pdf, publicURL: configuration.publicURL)
    }
    /// Account states for the per-request session check; dropped per user on `account_changed`.
    public var accountStates: AccountStates { accounts.accountStates }

    init(
        configuration: Configuration, db: Database, accessTokens: AccessTokens, mailer: Mailer,
        accounts: AccountService, migrator: Migrator
    ) {
        self.configuration = configuration
        self.db = db
        self.accessTokens = accessTokens
        self.mailer = mailer
        self.accounts = accounts
        self.migrator = migrator
        self.catalogCache = CatalogCache(capacity: configuration.catalogCacheEntries)
        self.trainingCache = TrainingCache(capacity: configuration.trainingCacheEntries)
        self.pdfConverter = PdfConverter(soffice: configuration.soffice)
    }
}

/// Builds the whole application from configuration; `serve` and every API test call this same function.
public func buildApplication(_ configuration: Configuration, migrate: Bool = true, logger: Logger? = nil)
    async throws -> (some ApplicationProtocol, Services)
{
    var logger = logger ?? Logger(label: "copp-platform")
    logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
    guard let url = DatabaseURL(configuration.databaseURL) else {
        throw Configuration.Invalid(problems: ["DATABASE_URL"])
    }
    try PasswordPolicy.requireList()
    let client = PostgresClient(
        configuration: url.clientConfiguration(poolSize: configuration.databasePoolSize), backgroundLogger: logger)
    let db = Database(client: client, logger: logger)
    let migrator = Migrator(directory: configuration.migrationsDir, logger: logger)
    let accessTokens = await AccessTokens(secret: configuration.jwtSecret)
    let mailer = Mailer(publicURL: configuration.publicURL)
    let passwords = Passwords(cost: configuration.bcryptCost)
    let accounts = AccountService(db: db, passwords: passwords, accessTokens: accessTokens, mailer: mailer)
    let services = Services(
        configuration: configuration, db: db, accessTokens: accessTokens, mailer: mailer, accounts: accounts,
        migrator: migrator)

    let router = buildRouter(services).router
    let smtp = configuration.smtpHost.map { SMTPClient(host: $0, port: configuration.smtpPort) }
    let mailWorker = MailWorker(
        db: db, smtp: smtp, from: configuration.mailFrom,
        pollInterval: .milliseconds(configuration.workerPollMilliseconds), logger: logger)
    var app = Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "copp-platform"),
        services: [
            client, mailWorker,
            Housekeeping(
                db: db, logger: logger, interval: .seconds(3600), expertiseLockDays: configuration.expertiseLockDays),
            ChangeListener(
                client: client,
                subscriptions: [
                    .init(
                        channel: CatalogCache.channel, listening: services.catalogCache.setListening,
                        notice: services.catalogChanges.notice),
                    .init(
                        channel: "account_changed", listening: services.accountStates.setListening,
                        notice: services.accountStates.changed),
                    .init(
                        channel: TrainingCache.channel, listening: services.trainingCache.setListening,
                        notice: services.trainingCache.invalidate(payload:)),
                ], logger: logger),
            PostponementJob(
                applications: ApplicationsService(db: db, mailer: mailer), logger: logger, interval: .seconds(300)),
            AttemptDeadlineJob(attempts: AttemptsRepository(db: db), logger: logger, interval: .seconds(60)),
            EventReminderJob(
                signups: EventSignupsService(
                    db: db, mailer: mailer,
                    calendar: EventCalendarService(
                        repository: EventCalendarRepository(db: db), zone: configuration.regionTimeZone)),
                logger: logger, interval: .seconds(900)),
        ],
        logger: logger)
    app.beforeServerStarts {
        let pending = try await migrator.run(client: client, checkOnly: !migrate)
        if !migrate && !pending.isEmpty { throw Migrator.MigrationError.pending(pending) }
        try await Bootstrap(services: services, passwords: passwords).run()
        if let soffice = configuration.soffice {
            db.logger.info("documents: PDF through LibreOffice", metadata: ["soffice": "\(soffice)"])
        } else {
            db.logger.warning(
                "documents: LibreOffice (libreoffice-writer-nogui) not found: PDF answers 503, DOCX works")
        }
    }
    return (app, services)
}

/// The middleware chain, then every route of Routes.swift.
func buildRouter(_ s: Services) -> (router: Router<AppRequestContext>, routes: [RouteEntry]) {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIdMiddleware())
    router.add(middleware: SecurityHeadersMiddleware(https: s.configuration.publicURL.hasPrefix("https://")))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemMiddleware())
    let methodCheck = MethodNotAllowedMiddleware()
    router.add(middleware: methodCheck)
    router.add(middleware: MalformedPathMiddleware())
    router.add(middleware: FileMiddleware(s.configuration.webDir, searchForIndexHtml: true))
    router.add(
        middleware: AuthMiddleware(tokens: s.accessTokens, sessions: SessionGuard(db: s.db, states: s.accountStates)))
    router.add(middleware: IdempotencyMiddleware(db: s.db))

    let table = RouteTable(router, trainingCache: s.trainingCache, db: s.db)
    registerRoutes(table, s)
    methodCheck.table.set(router.routes.map { (path: "\($0.path)", method: $0.method.rawValue) })
    return (router, table.entries)
}

/// Every route with its policy, for the contract and authorization-matrix tests.
public func routeTable(_ configuration: Configuration) async -> [RouteEntry] {
    // Built without a live database: route registration does not touch it.
    let logger = Logger(label: "routes")
    let client = PostgresClient(
        configuration: DatabaseURL(configuration.databaseURL)!.clientConfiguration(), backgroundLogger: logger)
    let db = Database(client: client, logger: logger)
    let tokens = await AccessTokens(secret: configuration.jwtSecret)
    let mailer = Mailer(publicURL: configuration.publicURL)
    let accounts = AccountService(db: db, passwords: Passwords(cost: 4), accessTokens: tokens, mailer: mailer)
    let services = Services(
        configuration: configuration, db: db, accessTokens: tokens, mailer: mailer, accounts: accounts,
        migrator: Migrator(directory: configuration.migrationsDir, logger: logger))
    return buildRouter(services).routes
}
