import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import NIOHTTP1

/// POST /api/v1/files (multipart upload) and GET /api/v1/files/{id} (streamed download).
public struct FilesController: Sendable {
    let service: FilesService
    public init(service: FilesService) { self.service = service }

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        guard let contentType = request.headers[.contentType],
            contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = Self.boundary(contentType)
        else {
            throw Problem(
                .unsupportedMediaType, "Неподдерживаемый тип",
                detail: "Отправьте файл как multipart/form-data в поле file", code: "unsupported_media_type")
        }
        var copy = request
        let body: ByteBuffer
        do { body = try await copy.collectBody(upTo: service.maxBytes + 64 * 1024) } catch is NIOTooManyBytesError {
            throw service.tooLarge
        }
        let parts = try Self.parse(body, boundary: boundary)
        guard let filePart = parts["file"] else {
            throw Problem.validation([FieldError("file", "required", "Выберите файл")])
        }
        let stored = try await service.upload(
            .init(
                name: Self.filename(filePart.headers) ?? "file", bytes: Array(buffer: filePart.body),
                organization: parts["organizationId"].map { String(buffer: $0.body) },
                isPublic: parts["public"].map {
                    String(buffer: $0.body).trimmingCharacters(in: .whitespacesAndNewlines) == "true"
                } ?? false),
            identity: me)
        return try JSONResponse.created(stored, location: stored.url)
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (file, path) = try await service.readable(try context.parameters.uuid("id"), by: context.identity)
        let etag = "\"\(file.sha256)\""
        var headers: HTTPFields = [
            .contentType: file.mime, .eTag: etag,
            .cacheControl: file.isPublic ? "public, max-age=86400" : "private, max-age=3600",
            .contentDisposition: Self.disposition(file),
        ]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        headers[.contentLength] = String(file.size)
        let body = try await FileIO().loadFile(path: path, context: context)
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Images and PDFs open in the browser; everything else downloads. The name survives in any language (RFC
    /// 6266/5987).
    static func disposition(_ file: StoredFile) -> String {
        disposition(name: file.name, inline: file.mime.hasPrefix("image/") || file.mime == "application/pdf")
    }

    /// `Content-Disposition` for a download named `name` (generated documents use it too).
    static func disposition(name: String, inline: Bool) -> String {
        let ascii = String(
            name.unicodeScalars.map {
                $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 32 ? Character($0) : "_"
            })
        let encoded =
            name.addingPercentEncoding(
                withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-_"))) ?? ascii
        return "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    static func boundary(_ contentType: String) -> String? {
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == "boundary" {
                let value = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return (1...70).contains(value.count) ? value : nil
            }
        }
        return nil
    }

    /// Parses the form into parts by name; truncated or garbled bodies are a 400.
    static func parse(_ body: ByteBuffer, boundary: String) throws -> [String: MultipartPart] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [String: MultipartPart] = [:]
        var headers = HTTPHeaders()
        var current = ByteBuffer()
        var completed = 0
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let part = MultipartPart(headers: headers, body: current)
            if let name = fieldName(headers), parts[name] == nil { parts[name] = part }
            headers = HTTPHeaders()
            current = ByteBuffer()
            completed += 1
        }
        do { try parser.execute(body) } catch { throw Problem.badRequest("Повреждённые данные формы (multipart)") }
        guard completed > 0, String(buffer: body).contains("--\(boundary)--") else {
            throw Problem.badRequest("Данные формы обрезаны: нет завершающей границы multipart")
        }
        return parts
    }

    static func dispositionParameter(_ headers: HTTPHeaders, _ key: String) -> String? {
        guard let value = headers.first(name: "Content-Disposition") else { return nil }
        for param in value.split(separator: ";").dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == key {
                return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    static func fieldName(_ headers: HTTPHeaders) -> String? { dispositionParameter(headers, "name") }

    /// The client's file name without any path, control characters or excess length.
    static func filename(_ headers: HTTPHeaders) -> String? {
        guard let raw = dispositionParameter(headers, "filename") else { return nil }
        let base = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? raw
        let clean = String(base.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.map(Character.init))
            .trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? nil : String(clean.prefix(255))
    }
}
