import Foundation

/// A person's inbox («Мои сообщения»): only their own messages, newest first, with the unread count.
public struct InboxService: Sendable {
    let repository: InboxRepository
    public init(repository: InboxRepository) { self.repository = repository }

    func page(unreadOnly: Bool, page: PageRequest, identity me: Identity) async throws
        -> (page: Page<InboxMessage>, unread: Int)
    {
        let result = try await repository.list(userId: me.userId, unreadOnly: unreadOnly, page: page)
        return (result, try await repository.unreadCount(userId: me.userId))
    }

    func markRead(_ id: UUID, identity me: Identity) async throws {
        guard try await repository.markRead(id: id, userId: me.userId) else { throw Problem.notFound }
    }
}
