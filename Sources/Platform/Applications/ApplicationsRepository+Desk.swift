import Foundation
import PostgresNIO

/// The desk's everyday questions — one organization's applications, all or by status, page after page, 20 or 50 to a
/// page — as prepared statements, which PostgreSQL plans once per connection. Measured with pgbench on 1,000,000
/// applications: 5,800 prepared executions/s against 2,800 when each is parsed and planned (make bench-training has the
/// API figures). Each shape's text is what `ApplicationsRepository.filtered` builds for it, so a desk query is prepared
/// exactly when its text is one of these; other filter combinations and page sizes run as they come.
///
/// The page size is part of the text, not a parameter: with `LIMIT $n` PostgreSQL's generic plan assumes a tenth of the
/// rows, always loses to a custom plan, and every execution was planned anew (0.17–0.33 ms, seen in EXPLAIN ANALYZE);
/// with a constant it keeps one plan.
enum DeskStatements {
    typealias Row = (String, String?, UUID?)

    /// The text of a shape: one organization, with or without a status, first page or after a cursor.
    static func sql(status: Bool, after: Bool, limit: Int) -> String {
        var f = ApplicationsRepository.Filter()
        f.orgIds = [UUID()]
        f.status = status ? "new" : nil
        let page = PageRequest(limit: limit, cursor: after ? Cursor(key: "0", id: UUID()) : nil)
        guard let (q, organization) = try? ApplicationsRepository.filtered(f),
            let query = try? q.page(ApplicationsRepository.listSQL(organization: organization), page: page)
        else { preconditionFailure("the desk's shapes are built from constants") }
        return query.sql
    }

    /// A shape of the desk question; each is its own prepared statement. Names are constants: PostgresNIO's default is
    /// `String(reflecting:)` of the type, computed on every execution.
    protocol Shape: Sendable {
        static var sql: String { get }
        static var name: String { get }
    }
    enum All20: Shape {
        static let sql = DeskStatements.sql(status: false, after: false, limit: 20), name = "desk_all_20"
    }
    enum All50: Shape {
        static let sql = DeskStatements.sql(status: false, after: false, limit: 50), name = "desk_all_50"
    }
    enum AllAfter20: Shape {
        static let sql = DeskStatements.sql(status: false, after: true, limit: 20), name = "desk_all_after_20"
    }
    enum AllAfter50: Shape {
        static let sql = DeskStatements.sql(status: false, after: true, limit: 50), name = "desk_all_after_50"
    }
    enum Status20: Shape {
        static let sql = DeskStatements.sql(status: true, after: false, limit: 20), name = "desk_status_20"
    }
    enum Status50: Shape {
        static let sql = DeskStatements.sql(status: true, after: false, limit: 50), name = "desk_status_50"
    }
    enum StatusAfter20: Shape {
        static let sql = DeskStatements.sql(status: true, after: true, limit: 20), name = "desk_status_after_20"
    }
    enum StatusAfter50: Shape {
        static let sql = DeskStatements.sql(status: true, after: true, limit: 50), name = "desk_status_after_50"
    }

    struct Page<S: Shape>: PostgresPreparedStatement {
        typealias Row = DeskStatements.Row
        static var sql: String { S.sql }
        static var name: String { S.name }
        let binds: PostgresBindings
        func makeBindings() throws -> PostgresBindings { binds }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    typealias Runner = @Sendable (PostgresBindings, Database) async throws -> Row

    static let shapes: [String: Runner] = {
        func runner<S: Shape>(_: S.Type) -> (String, Runner) {
            (S.sql, { binds, db in try await run(Page<S>(binds: binds), db) })
        }
        return Dictionary(
            uniqueKeysWithValues: [
                runner(All20.self), runner(All50.self), runner(AllAfter20.self), runner(AllAfter50.self),
                runner(Status20.self), runner(Status50.self), runner(StatusAfter20.self), runner(StatusAfter50.self),
            ])
    }()

    /// The prepared statement of this query, if its text is one of the everyday shapes.
    static func prepared(_ query: PostgresQuery) -> (@Sendable (Database) async throws -> Row)? {
        guard let run = shapes[query.sql] else { return nil }
        let binds = query.binds
        return { db in try await run(binds, db) }
    }

    static func run<S: PostgresPreparedStatement>(_ statement: S, _ db: Database) async throws -> Row
    where S.Row == Row {
        var page: Row?
        // read to the end: the connection goes back to the pool only when its result is consumed
        for try await row in try await db.client.execute(statement, logger: db.logger) { page = row }
        guard let page else { throw Problem.notFound }
        return page
    }
}
