import Foundation
import Hummingbird

/// /api/v1/document-templates (administrators replace the templates) and /api/v1/documents/verify (anyone checks a
/// certificate by the code printed on it).
public struct DocumentsController: Sendable {
    let service: DocumentsService
    public init(service: DocumentsService) { self.service = service }

    struct TemplateInput: Decodable {
        var fileId: UUID?
    }

    func kind(_ context: AppRequestContext) throws -> DocumentKind {
        guard let kind = DocumentKind(rawValue: try context.parameters.require("kind")) else { throw Problem.notFound }
        return kind
    }

    /// Every kind with its placeholders and whether the region's own template is in use.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(Page(items: try await service.templates(), nextCursor: nil))
    }

    /// The template in use (DOCX): to edit in Word and upload again.
    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.templateFile(try kind(context)).response
    }

    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(TemplateInput.self, context: context)
        let kind = try kind(context)
        try await service.upload(
            kind, fileId: input.fileId, identity: try context.requireIdentity(), actor: context.actor)
        return try JSONResponse.make(try await service.templates().first { $0.kind == kind.rawValue })
    }

    /// Back to the default template.
    @Sendable func reset(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.reset(try kind(context), actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        // «UVZ CDU JUN2» as printed, however the link encoded the spaces
        let code = try context.parameters.require("code")
        return JSONResponse.raw(try await service.verify(code.removingPercentEncoding ?? code))
    }
}
