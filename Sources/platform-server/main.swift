import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Platform
import PostgresNIO

@main
struct PlatformServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "platform-server",
        abstract: "ЦОПП regional professional-training platform",
        subcommands: [Serve.self, Migrate.self, Seed.self, DemoLogins.self, GenData.self, BenchOccurrences.self],
        defaultSubcommand: Serve.self)
}

func loadConfiguration() throws -> Platform.Configuration {
    do { return try Platform.Configuration.fromEnvironment() } catch let error as Platform.Configuration.Invalid {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(78)
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the API and the web front")
    @Flag(help: "Apply pending migrations before serving (otherwise refuse to start with pending ones)") var migrate =
        false

    func run() async throws {
        let config = try loadConfiguration()
        do {
            let (app, _) = try await buildApplication(config, migrate: migrate)
            try await app.runService()
        } catch {
            // PostgresNIO hides details from String(describing:); the operator needs them to fix start-up
            FileHandle.standardError.write(Data("start-up failed: \(String(reflecting: error))\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// Runs `body` with a connected database client for one-shot commands (migrate, seed).
func withDatabase(_ config: Platform.Configuration, label: String, _ body: @Sendable (Database) async throws -> Void)
    async throws
{
    let logger = Logger(label: label)
    let client = PostgresClient(
        configuration: DatabaseURL(config.databaseURL)!.clientConfiguration(), backgroundLogger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        try await body(Database(client: client, logger: logger))
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending migrations (or only report them with --check)")
    @Flag(help: "Only report pending migrations; exit 1 if any") var check = false

    func run() async throws {
        let config = try loadConfiguration()
        let check = self.check
        try await withDatabase(config, label: "migrate") { db in
            let names = try await Migrator(directory: config.migrationsDir, logger: db.logger).run(
                client: db.client, checkOnly: check)
            print(
                check
                    ? "pending: \(names.isEmpty ? "none" : names.joined(separator: ", "))"
                    : "applied: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
            if check && !names.isEmpty { throw ExitCode(1) }
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load demo data into an empty database")
    func run() async throws {
        let config = try loadConfiguration()
        try await withDatabase(config, label: "seed") { db in
            try await DemoData(db: db, passwords: Passwords(cost: config.bcryptCost)).loadIfEmpty(catalog: true)
        }
    }
}

struct GenData: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-data", abstract: "Generate benchmark data (published programs across colleges)")
    @Option(help: "Number of published programs") var programs = 50_000
    @Option(help: "Number of organizations") var organizations = 300
    @Option(help: "Then this many applications with groups, schedules and journals over those programs (0: none)")
    var applications = 0

    func run() async throws {
        let config = try loadConfiguration()
        let (programs, organizations, applications) = (self.programs, self.organizations, self.applications)
        let started = Date()
        do {
            try await withDatabase(config, label: "gen-data") { db in
                try await Migrator(directory: config.migrationsDir, logger: db.logger).run(client: db.client)
                if programs > 0 {
                    try await BenchmarkData(db: db).generate(programs: programs, organizations: organizations)
                }
                if applications > 0 {
                    try await TrainingBenchmarkData(db: db, passwords: Passwords(cost: config.bcryptCost)).generate(
                        applications: applications)
                }
            }
        } catch {
            FileHandle.standardError.write(Data("gen-data failed: \(String(reflecting: error))\n".utf8))
            throw ExitCode.failure
        }
        print(
            "generated \(programs) programs across \(organizations) organizations and \(applications) applications "
                + "in \(Int(Date().timeIntervalSince(started))) s"
        )
    }
}

struct DemoLogins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo-logins", abstract: "Print the demo accounts")
    func run() async throws {
        print("Демо-учётные записи (пароль для всех: \(DemoData.password)):")
        for a in DemoData.accounts {
            let email = a.email.padding(toLength: 24, withPad: " ", startingAt: 0)
            let note = a.org == 2 ? " (организация на модерации)" : ""
            print("  \(email) \(a.roles.map(\.rawValue).joined(separator: ","))\(note)")
        }
    }
}

struct BenchOccurrences: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-occurrences",
        abstract: "Time the occurrences of recurring events for a calendar month (no database needed)")
    @Option(help: "Recurring events in the calendar") var events = 1000
    @Option(help: "Months asked, one after another") var rounds = 200
    @Option(help: "The region's time zone") var zone = "Asia/Irkutsk"

    func run() throws {
        guard let tz = TimeZone(identifier: zone) else { throw ValidationError("unknown time zone \(zone)") }
        let r = OccurrenceBenchmark.run(events: events, rounds: rounds, zone: tz)
        print(
            String(
                format: "%d events, %d months, %d occurrences a month: p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                r.events, r.rounds, r.occurrencesPerMonth, r.p50, r.p99, r.max))
    }
}
