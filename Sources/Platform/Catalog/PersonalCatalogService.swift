import Foundation

/// A person's favorites and search history («Избранное», «История поиска»): only their own, only published programs
/// can be added (an unknown or unpublished program is 404).
public struct PersonalCatalogService: Sendable {
    let repository: PersonalCatalogRepository
    public init(repository: PersonalCatalogRepository) { self.repository = repository }

    func favorites(_ me: Identity) async throws -> String { try await repository.favorites(userId: me.userId) }

    func add(_ program: UUID, _ me: Identity) async throws {
        guard try await repository.addFavorite(userId: me.userId, programId: program) else { throw Problem.notFound }
    }

    func remove(_ program: UUID, _ me: Identity) async throws {
        guard try await repository.removeFavorite(userId: me.userId, programId: program) else { throw Problem.notFound }
    }

    func history(_ me: Identity) async throws -> String { try await repository.history(userId: me.userId) }

    func clearHistory(_ me: Identity) async throws { try await repository.clearHistory(userId: me.userId) }
}
