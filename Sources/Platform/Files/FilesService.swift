import Foundation

/// The rules of uploads: a file goes to the caller or to one of their organizations, its type is recognised from its
/// bytes (not its name), images have readable sizes under 40 megapixels, and the owner's quota holds — the bytes are
/// written only when the row fits. Reading: public files for everyone, others for their owners and organizations.
public struct FilesService: Sendable {
    let files: FilesRepository
    let store: FileStore
    let maxBytes: Int
    /// Bytes of uploads kept per organization (or per person for files of no organization).
    let quotaBytes: Int
    /// Larger images are refused: decoding them would exhaust memory (decompression bombs).
    static let maxPixels = 40_000_000
    static let allowed = "PNG, JPEG, GIF, WebP, PDF, DOCX, XLSX, PPTX, ODT, ODS, TXT, CSV"

    public init(files: FilesRepository, store: FileStore, maxBytes: Int, quotaBytes: Int) {
        self.files = files
        self.store = store
        self.maxBytes = maxBytes
        self.quotaBytes = quotaBytes
    }

    /// An upload as the form sent it: the file's name and bytes, the organization asked for (text), `public`.
    struct Upload {
        var name: String
        var bytes: [UInt8]
        var organization: String?
        var isPublic: Bool
    }

    func upload(_ u: Upload, identity me: Identity) async throws -> StoredFile {
        var v = Validator()
        if u.bytes.isEmpty { v.add("file", "empty", "Файл пустой") }
        if u.bytes.count > maxBytes { throw tooLarge }
        var orgId: UUID?
        if let raw = u.organization?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else {
                throw Problem.validation([FieldError("organizationId", "invalid_uuid", "Ожидается идентификатор UUID")])
            }
            guard me.orgIds.contains(id) || me.has(.admin) else { throw Problem.notFound }
            guard try await files.organizationExists(id) else { throw Problem.notFound }
            orgId = id
        }
        try v.throwIfInvalid()
        guard let kind = ContentSniffer.detect(u.bytes, filename: u.name) else {
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
        let bytes = u.bytes
        let sha = FileStore.sha256(bytes)
        let owner = FilesRepository.QuotaOwner(orgId: orgId, userId: me.userId)
        // the bytes are written only when the row fits the quota, before it commits: nothing is left on disk otherwise
        guard
            let stored = try await files.insert(
                name: u.name, kind: kind, size: bytes.count, sha256: sha, isPublic: u.isPublic, owner: owner,
                quota: quotaBytes, save: { [store] in try await store.save(bytes, sha256: sha) })
        else { throw overQuota }
        return stored
    }

    /// The file and where its bytes are, when the caller may read it.
    func readable(_ id: UUID, by identity: Identity?) async throws -> (file: StoredFile, path: String) {
        guard let file = try await files.readable(id: id, by: identity) else { throw Problem.notFound }
        return (file, store.path(for: file.sha256))
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
}
