// SPDX-License-Identifier: MIT
import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core context, the client's address (the key of the
/// per-address rate limits, Spec/server.md §6.3) and the connection (a link download sends its file straight to it,
/// `LinkFileSender`).
struct ServerContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }

    /// The address the limits count against (`ClientKey`).
    var clientKey: String { ClientKey.of(remoteAddress) }
}

/// The address the per-address limits count against: the peer's IP address (IPv4, or the /64 of an IPv6 address,
/// which a single client usually holds whole), or `local` for a Unix socket or a test channel.
enum ClientKey {
    static func of(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress else { return "local" }
        guard case .v6 = address else { return ip }
        let groups = ip.split(separator: ":", omittingEmptySubsequences: false)
        return groups.count >= 4 && !ip.contains("::") ? groups.prefix(4).joined(separator: ":") + "::/64" : ip
    }
}
