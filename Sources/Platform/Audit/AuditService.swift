import Foundation

/// The audit log is read by admins only (the route's policy); it is written by every change, in its transaction
/// (AuditLog.record), and never edited.
public struct AuditService: Sendable {
    let repository: AuditRepository
    public init(repository: AuditRepository) { self.repository = repository }

    func list(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEntry> {
        try await repository.list(filter, page: page)
    }

    func stream(_ filter: AuditFilter) async throws -> some AsyncSequence<AuditEntry, any Error> & Sendable {
        try await repository.stream(filter)
    }
}
