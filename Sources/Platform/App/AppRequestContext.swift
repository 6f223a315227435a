import Hummingbird
import Logging
import NIOCore

/// Per-request state: the caller's identity, the request id and the peer address.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    public var requestId: String
    public let remoteIP: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteIP = source.channel.remoteAddress?.ipAddress ?? "unknown"
        self.requestId = source.logger[metadataKey: "hb.request.id"]?.description ?? ""
    }

    public var maxUploadSize: Int { maxJSONBodyBytes }
}
