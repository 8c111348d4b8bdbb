// SPDX-License-Identifier: MIT

/// What can go wrong between a link client and the storage of Spec/server.md §5.2. Structured cases only: the
/// CLI (or any other client) turns them into words. The bytes a server returns are never trusted here: they are
/// checked by the link and age readers, whose own errors say when a file was altered.
public enum LinkRemoteError: Error, Equatable, Sendable {
    /// The storage URL is not `http(s)://host[:port][/path/]` without a query, fragment or user.
    case badServerURL(String)
    /// `404`: the server has no link with this lookup id — never uploaded there, or revoked (indistinguishable).
    case notFound(lookupID: String)
    /// `410`: the server-side expiry passed, or the download limit was reached.
    case gone(lookupID: String)
    /// `412` to an upload: another file, or other terms, already sit under this lookup id.
    case taken(lookupID: String)
    /// `413` to an upload: the file is larger than the server accepts.
    case tooLarge(size: UInt64)
    /// `403` to a revocation: the token does not match the one declared at upload (another file key).
    case refused(lookupID: String)
    /// An answer this client does not expect for `operation` (a status, or a `206` whose range, size or entity
    /// tag is not the one asked for): never taken as success.
    case unexpectedAnswer(operation: String, status: Int)
    /// The file changed on the server between two range requests (another `ETag` or total size).
    case changedDuringDownload(lookupID: String)
    /// No answer after `attempts` tries: the connection failed, was cut or timed out.
    case unreachable(server: String, reason: String, attempts: Int)
    /// The local file to upload cannot be read.
    case unreadableFile(path: String, errno: Int32)
    /// `401` to an upload: the server accepts only uploads signed by an account (no `--anonymous-links`), or it
    /// refused the signature given.
    case signatureRequired(signed: Bool)
    /// `507` to an upload: the signing account's quota on the server would be exceeded.
    case overQuota(size: UInt64)
}
