import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import NIOHTTP1

/// POST /api/v1/files (multipart upload) and GET /api/v1/files/{id} (streamed download).
public struct FilesController: Sendable {
    let files: FilesRepository
    let store: FileStore
    let maxBytes: Int
    /// Bytes of uploads kept per organization (or per person for files of no organization).
    let quotaBytes: Int
    /// Larger images are refused: decoding them would exhaust memory (decompression bombs).
    static let maxPixels = 40_000_000

    public init(files: FilesRepository, store: FileStore, maxBytes: Int, quotaBytes: Int) {
        self.files = files
        self.store = store
        self.maxBytes = maxBytes
        self.quotaBytes = quotaBytes
    }

    static let allowed = "PNG, JPEG, GIF, WebP, PDF, DOCX, XLSX, PPTX, ODT, ODS, TXT, CSV"

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
        do { body = try await copy.collectBody(upTo: maxBytes + 64 * 1024) } catch is NIOTooManyBytesError {
            throw tooLarge
        }
        let parts = try Self.parse(body, boundary: boundary)

        var v = Validator()
        guard let filePart = parts["file"] else {
            v.add("file", "required", "Выберите файл")
            try v.throwIfInvalid()
            throw Problem.badRequest("file")
        }
        let name = Self.filename(filePart.headers) ?? "file"
        let bytes = Array(buffer: filePart.body)
        if bytes.isEmpty { v.add("file", "empty", "Файл пустой") }
        if bytes.count > maxBytes { throw tooLarge }
        var orgId: UUID?
        if let raw = parts["organizationId"].map({
            String(buffer: $0.body).trimmingCharacters(in: .whitespacesAndNewlines)
        }), !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else {
                throw Problem.validation([FieldError("organizationId", "invalid_uuid", "Ожидается идентификатор UUID")])
            }
            guard me.orgIds.contains(id) || me.has(.admin) else { throw Problem.notFound }
            guard try await files.organizationExists(id) else { throw Problem.notFound }
            orgId = id
        }
        let isPublic =
            parts["public"].map { String(buffer: $0.body).trimmingCharacters(in: .whitespacesAndNewlines) == "true" }
            ?? false
        try v.throwIfInvalid()
        guard let kind = ContentSniffer.detect(bytes, filename: name) else {
            throw Problem(
                .unsupportedMediaType, "Тип файла не поддерживается", detail: "Допустимые типы: \(Self.allowed)",
                code: "unsupported_file_type",
                errors: [FieldError("file", "unsupported_file_type", "Допустимые типы: \(Self.allowed)")])
        }
        if kind.isImage {
            guard let w = kind.width, let h = kind.height, w > 0, h > 0 else {
                throw Problem.validation([
                    FieldError("file", "broken_image", "Не удалось прочитать размеры изображения: файл повреждён")
                ])
            }
            // divided, not multiplied: the sizes come from the file (up to 2³² each) and their product could overflow
            if w > Self.maxPixels / h {
                throw Problem.validation([FieldError("file", "image_too_large", "Изображение больше 40 мегапикселей")])
            }
        }
        let sha = FileStore.sha256(bytes)
        let owner = FilesRepository.QuotaOwner(orgId: orgId, userId: me.userId)
        // the bytes are written only when the row fits the quota, before it commits: nothing is left on disk otherwise
        guard
            let stored = try await files.insert(
                name: name, kind: kind, size: bytes.count, sha256: sha, isPublic: isPublic, owner: owner,
                quota: quotaBytes, save: { [store] in try await store.save(bytes, sha256: sha) })
        else { throw overQuota }
        return try JSONResponse.created(stored, location: stored.url)
    }

    var overQuota: Problem {
        let limit = "\(quotaBytes / 1_048_576) МБ"
        return Problem(
            .contentTooLarge, "Место для файлов закончилось",
            detail: "Файлы \(limit) уже загружены: удалите ненужные или обратитесь в ЦОПП",
            code: "quota_exceeded", errors: [FieldError("file", "quota_exceeded", "Превышен объём файлов: \(limit)")])
    }

    var tooLarge: Problem {
        Problem(
            .contentTooLarge, "Файл слишком большой", detail: "Не больше \(maxBytes / 1_048_576) МБ", code: "too_large",
            errors: [FieldError("file", "too_large", "Не больше \(maxBytes / 1_048_576) МБ")])
    }

    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let file = try await files.readable(id: try context.parameters.uuid("id"), by: context.identity) else {
            throw Problem.notFound
        }
        let etag = "\"\(file.sha256)\""
        var headers: HTTPFields = [
            .contentType: file.mime, .eTag: etag,
            .cacheControl: file.isPublic ? "public, max-age=86400" : "private, max-age=3600",
            .contentDisposition: Self.disposition(file),
        ]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        headers[.contentLength] = String(file.size)
        let body = try await FileIO().loadFile(path: store.path(for: file.sha256), context: context)
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Images and PDFs open in the browser; everything else downloads. The name survives in any language (RFC
    /// 6266/5987).
    static func disposition(_ file: StoredFile) -> String {
        let inline = file.mime.hasPrefix("image/") || file.mime == "application/pdf"
        let ascii = String(
            file.name.unicodeScalars.map {
                $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 32 ? Character($0) : "_"
            })
        let encoded =
            file.name.addingPercentEncoding(
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
