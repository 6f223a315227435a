import HTTPTypes
import Hummingbird

/// Browser protections on every response (the front, /docs, the API, downloads, errors): scripts and styles only from
/// this site and never inline, no framing by other sites, no content-type guessing, no full URLs leaked to other sites,
/// and HSTS when the platform is served over https.
public struct SecurityHeadersMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext
    let https: Bool

    public init(https: Bool) { self.https = https }

    static let site = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "font-src 'self'",
        "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")
    /// Swagger UI sets style attributes from its scripts.
    static let docs = site.replacingOccurrences(of: "style-src 'self'", with: "style-src 'self' 'unsafe-inline'")
    /// Uploaded files open on their own (images, PDF in the browser's viewer) and run nothing.
    static let files =
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        let path = request.uri.path
        let policy =
            path.hasPrefix("/api/v1/files/")
            ? Self.files : (path == "/docs" || path.hasPrefix("/vendor/")) ? Self.docs : Self.site
        response.headers[.contentSecurityPolicy] = policy
        response.headers[.xFrameOptions] = path.hasPrefix("/api/v1/files/") ? "SAMEORIGIN" : "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "strict-origin-when-cross-origin"
        response.headers[.crossOriginOpenerPolicy] = "same-origin"
        if https { response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
        return response
    }
}

extension HTTPField.Name {
    public static let xFrameOptions = Self("X-Frame-Options")!
    public static let referrerPolicy = Self("Referrer-Policy")!
    public static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
}
