import Foundation
import PostgresNIO

/// The desk's everyday questions — one organization's applications, all or by status, page after page, 20 or 50 to a
/// page — as prepared statements, which PostgreSQL plans once per connection. Measured with pgbench on 1,000,000
/// applications: 5,800 prepared executions/s against 2,800 when each is parsed and planned (make bench-training has the
/// API figures). Other filter combinations and page sizes go through `SQLConditions`.
///
/// The page size is part of the text, not a parameter: with `LIMIT $n` PostgreSQL's generic plan assumes a tenth of the
/// rows, always loses to a custom plan, and every execution was planned anew (0.17–0.33 ms, seen in EXPLAIN ANALYZE);
/// with a constant it keeps one plan.
enum DeskStatements {
    typealias Row = (String, String?, UUID?)
    /// 50 is the web desk's page and the API's default; 20 a short page for phones and scripts.
    static let pageSizes = [20, 50]

    static func sql(status: Bool, after: Bool, limit: Int) -> String {
        var conditions = ["a.org_id = $1"]
        if status { conditions.append("a.status = $2") }
        if after {
            let first = status ? 3 : 2
            conditions.append(
                "(a.created_at, a.id) < ('epoch'::timestamptz + $\(first) * interval '1 microsecond', $\(first + 1))")
        }
        return PageRequest.onePageSQL(
            """
            SELECT \(ApplicationsRepository.listColumns(organization: "$1")) FROM applications a
              WHERE \(conditions.joined(separator: " AND "))
            ORDER BY a.created_at DESC, a.id DESC LIMIT \(limit + 1)
            """, limit: String(limit))
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

    /// The prepared statement for this question, if it is one of the everyday ones.
    static func statement(_ f: ApplicationsRepository.Filter, page: PageRequest) throws -> (
        @Sendable (Database) async throws -> Row?
    )? {
        guard let orgs = f.orgIds ?? f.organizationId.map({ [$0] }), orgs.count == 1,
            f.learnerId == nil, f.programId == nil, f.groupId == nil, f.batchId == nil, f.from == nil, f.to == nil,
            f.search == nil,
            f.organizationId == nil || f.organizationId == orgs[0], pageSizes.contains(page.limit)
        else { return nil }
        var b = PostgresBindings()
        b.append(orgs[0])
        if let status = f.status { b.append(status) }
        if let cursor = page.cursor {
            guard let micros = cursor.micros else { return nil }
            b.append(micros)
            b.append(cursor.id)
        }
        let binds = b
        switch (f.status != nil, page.cursor != nil, page.limit == 20) {
        case (false, false, true): return { db in try await run(Page<All20>(binds: binds), db) }
        case (false, false, false): return { db in try await run(Page<All50>(binds: binds), db) }
        case (false, true, true): return { db in try await run(Page<AllAfter20>(binds: binds), db) }
        case (false, true, false): return { db in try await run(Page<AllAfter50>(binds: binds), db) }
        case (true, false, true): return { db in try await run(Page<Status20>(binds: binds), db) }
        case (true, false, false): return { db in try await run(Page<Status50>(binds: binds), db) }
        case (true, true, true): return { db in try await run(Page<StatusAfter20>(binds: binds), db) }
        case (true, true, false): return { db in try await run(Page<StatusAfter50>(binds: binds), db) }
        }
    }

    static func run<S: PostgresPreparedStatement>(_ statement: S, _ db: Database) async throws -> Row?
    where S.Row == Row {
        var page: Row?
        // read to the end: the connection goes back to the pool only when its result is consumed
        for try await row in try await db.client.execute(statement, logger: db.logger) { page = row }
        return page
    }
}
