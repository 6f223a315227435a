import Hummingbird
import NIOCore
import PostgresNIO

/// Turns every error into problem+json: known ones keep their status, database constraint errors name their field,
/// anything else is logged in full and answered as a bare 500 (no SQL text reaches clients).
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as PSQLError {
            if let problem = DatabaseErrors.problem(for: error) {
                return try problem.response(from: request, context: context)
            }
            context.logger.error("database error", metadata: ["error": "\(String(reflecting: error))"])
            return try Self.internalError.response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try Problem(.contentTooLarge, "Слишком большой запрос", code: "too_large").response(
                from: request, context: context)
        } catch let error as HTTPError {
            let title = error.status == .notFound ? "Не найдено" : (error.body ?? error.status.reasonPhrase)
            return try Problem(
                error.status, title, detail: error.body, code: error.status == .notFound ? "not_found" : nil
            )
            .response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return try Self.internalError.response(from: request, context: context)
        }
    }

    static let internalError = Problem(
        .internalServerError, "Внутренняя ошибка сервера", detail: "Повторите попытку позже", code: "internal")
}
