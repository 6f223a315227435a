import Foundation

/// DOCX → PDF through LibreOffice (`soffice --headless --convert-to pdf`), when the server has it (the Makefile
/// installs
/// Debian's libreoffice-writer-nogui). Without it PDF answers 503 and says why; DOCX still works. One conversion at a
/// time per profile directory: LibreOffice refuses a second instance on the same profile.
public actor PdfConverter {
    public let soffice: String?

    public init(soffice: String? = PdfConverter.find()) { self.soffice = soffice }

    /// The `soffice` on PATH (or in LibreOffice's usual places) if the Writer component is installed.
    public static func find() -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(
            String.init)
        let candidates = path.map { $0 + "/soffice" } + ["/usr/lib/libreoffice/program/soffice"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        // libreoffice-common brings soffice without Writer; a DOCX then cannot be opened
        let writer = ["/usr/lib/libreoffice/program/libswlo.so", "/usr/lib/libreoffice/program/swriter"]
        return writer.contains(where: { FileManager.default.fileExists(atPath: $0) }) ? found : nil
    }

    public var available: Bool { soffice != nil }

    public static let unavailable = Problem(
        .serviceUnavailable, "PDF недоступен",
        detail: "На сервере не установлен LibreOffice (пакет libreoffice-writer-nogui): скачайте документ в формате "
            + "DOCX или попросите администратора установить LibreOffice",
        code: "pdf_unavailable")

    /// Conversions at once (each LibreOffice takes ~150 MB and a core for ~2 s) and how many more may wait.
    let slots = 2
    let queueLimit = 8
    let timeout: Duration = .seconds(60)
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public static let busy = Problem(
        .serviceUnavailable, "Сервер занят документами",
        detail: "Сейчас готовится много PDF: повторите через минуту или скачайте DOCX", code: "pdf_busy",
        retryAfterSeconds: 30)

    /// The PDF of a DOCX; throws `unavailable` without LibreOffice, `busy` when the queue is full.
    public func pdf(fromDocx docx: Data) async throws -> Data {
        guard let soffice else { throw Self.unavailable }
        if running >= slots {
            guard waiting.count < queueLimit else { throw Self.busy }
            await withCheckedContinuation { waiting.append($0) }
        } else {
            running += 1
        }
        defer {
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }  // the slot passes on
        }
        return try await convert(docx, soffice: soffice, timeout: timeout)
    }

    nonisolated func convert(_ docx: Data, soffice: String, timeout: Duration) async throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("copp-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("document.docx")
        try docx.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        // a profile of its own: two LibreOffice processes on one profile refuse each other
        process.arguments = [
            "-env:UserInstallation=file://" + dir.appendingPathComponent("profile").path, "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", dir.path, input.path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // a conversion that hangs is stopped: the request answers instead of waiting forever
        let watchdog = Task {
            try await Task.sleep(for: timeout)
            if process.isRunning { process.terminate() }
        }
        defer { watchdog.cancel() }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in c.resume() }
            do { try process.run() } catch { c.resume(throwing: error) }
        }
        let output = dir.appendingPathComponent("document.pdf")
        guard process.terminationStatus == 0, let pdf = try? Data(contentsOf: output) else {
            throw Problem(
                .serviceUnavailable, "PDF не получился",
                detail: "LibreOffice не смог преобразовать документ (код \(process.terminationStatus)); скачайте DOCX",
                code: "pdf_failed")
        }
        return pdf
    }
}
