// SPDX-License-Identifier: MIT
// The words for what a link storage server answered (CofferRemote's LinkRemoteError), and the server a link names.
import CofferRemote
import CofferSharing
import Foundation

extension LinkCLI {
    /// `--server URL` as a storage client (a usage error when it is not an http(s) URL).
    static func storage(_ text: String) throws -> LinkStorage {
        do {
            return try LinkStorage(serverText: text)
        } catch {
            throw CLIFailure(
                message: "--server \"\(ErrorPresenter.escaped(String(text.prefix(200))))\" is not a storage server URL",
                hints: ["give the server's base URL, e.g. --server http://127.0.0.1:8080/"])
        }
    }

    /// The storage server of a link made with `link create --server` and no `--base-url`: its base is
    /// `SERVER/l/`, so the server is the base without its last `l/`. Nil for any other base.
    static func storage(of link: ShareLink) -> LinkStorage? {
        guard link.baseURL.hasSuffix("/l/"), link.baseURL != ShareLink.defaultBaseURL else { return nil }
        return try? LinkStorage(serverText: String(link.baseURL.dropLast(2)))
    }

    /// The base of links uploaded to `storage` when no `--base-url` is given.
    static func base(of storage: LinkStorage) -> String {
        let server = storage.server.absoluteString
        return (server.hasSuffix("/") ? server : server + "/") + "l/"
    }

    /// A storage answer in words, with what to do.
    static func failure(_ error: LinkRemoteError) -> CLIFailure {
        switch error {
        case .badServerURL(let url):
            return CLIFailure(message: "\"\(url.prefix(200))\" is not a storage server URL")
        case .notFound(let id):
            return CLIFailure(
                message: "the server has no link \(id): it was revoked, or never uploaded there",
                hints: ["check the server (--server) and the link; a revoked link cannot be opened again"])
        case .gone(let id):
            return CLIFailure(
                message: "link \(id) is no longer available: its expiry passed or its download limit was reached",
                hints: ["ask the sender for a new link"])
        case .taken(let id):
            return CLIFailure(message: "the server already holds another file under link \(id); nothing uploaded")
        case .tooLarge(let size):
            return CLIFailure(
                message: "the server refused the upload: \(size) bytes is more than it accepts",
                hints: ["its operator sets the limit with coffer serve --max-link-mib"])
        case .refused(let id):
            return CLIFailure(
                message: "the server refused to revoke link \(id): this file's key is not the one it was uploaded with",
                hints: ["revoke with the age file the link was created from"])
        case .unexpectedAnswer(let operation, let status):
            return CLIFailure(
                message: status == 0 || status == 206 || status == 200
                    ? "the storage server's answer to the \(operation) is malformed; nothing was accepted from it"
                    : "the storage server answered \(status) to the \(operation)",
                hints: ["the server may be misconfigured, or not a coffer server"])
        case .changedDuringDownload(let id):
            return CLIFailure(
                message: "link \(id) changed on the server during the download; nothing was written",
                hints: ["open the link again"])
        case .unreachable(let server, let reason, let attempts):
            return CLIFailure(
                message: "storage server \(server) unreachable after \(attempts) tries: \(reason)",
                hints: ["is coffer serve running there? nothing was written"])
        case .unreadableFile(let path, let code):
            return CLIFailure(message: "cannot read \"\(path)\" to upload it: \(String(cString: strerror(code)))")
        case .signatureRequired(let signed):
            return signed
                ? CLIFailure(
                    message: "the storage server refused the upload's signature; nothing was uploaded",
                    hints: ["check this machine's clock, and that --server is the URL the server answers to"])
                : CLIFailure(
                    message: "the storage server accepts only uploads signed by an account; nothing was uploaded",
                    hints: [
                        "sign with your account: add --account ID (with --store and --device where it lives)",
                        "or ask the server's operator to allow anonymous uploads (coffer serve --anonymous-links)",
                    ])
        case .overQuota(let size):
            return CLIFailure(
                message: "the storage server refused the upload: \(size) more bytes is over this account's quota",
                hints: ["revoke links you no longer need (coffer link revoke --server), or ask for a larger quota"])
        }
    }
}
