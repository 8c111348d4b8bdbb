// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// `S = CSPRNG(16)` — the secret a share link carries in its URL fragment, and only there (Spec/links.md §2).
///
/// Everything a link needs is derived from `S` under its own label, so no derived value gives away `S` or another
/// derived value: the lookup id the server sees, the key that wraps the file key, and the key that signs the
/// link record. A role type over `SecretBytes`: zeroed on free, constant-time `==`, never printed.
package struct LinkSecret: Sendable, Equatable, CustomStringConvertible {
    /// 128 bits: the same strength as the age file key the link unwraps.
    package static let byteCount = 16

    package static let lookupIDLabel = "coffer/v1/links/lookup-id"
    package static let wrapKeyLabel = "coffer/v1/links/wrap-key"
    package static let passwordWrapKeyLabel = "coffer/v1/links/password-wrap-key"
    package static let signingKeyLabel = "coffer/v1/links/record-signing-key"
    package static let checksumLabel = "coffer/v1/links/checksum"
    package static let folderReaderLabel = "coffer/v1/links/folder-reader"

    /// `S`, 16 bytes by its type.
    package let key: SecretKey16
    package var secret: SecretBytes { key.secret }

    /// Wraps an existing 16-byte secret (a link's fragment, a vector's input). Any other length can only come from
    /// a damaged link, so it is reported as the checksum failure a damaged link gets.
    package init(_ secret: SecretBytes) throws(LinkError) {
        do {
            key = try SecretKey16(secret)
        } catch {
            throw .checksumMismatch
        }
    }

    /// A fresh secret for a new link. Every link (and every password change) gets its own.
    package static func generate() -> LinkSecret { LinkSecret(key: .random()) }

    init(key: SecretKey16) { self.key = key }

    package var description: String { "LinkSecret(redacted)" }

    /// `lookupID = HKDF-SHA-256(ikm: S, salt: "", info: "coffer/v1/links/lookup-id", L = 16)` — what the server
    /// indexes by. One-way: the server learns nothing about `S` from it.
    package var lookupID: LinkLookupID { LinkLookupID(validated: expand(Self.lookupIDLabel, .bytes16).revealedBytes()) }

    /// `seed = HKDF-SHA-256(ikm: S, salt: "", info: "coffer/v1/links/record-signing-key", L = 32)`, then the
    /// Ed25519 key pair of that seed: only holders of `S` can sign this link's record.
    package var recordSigningKey: Ed25519.SigningKey { Ed25519.SigningKey(seed: key(Self.signingKeyLabel)) }

    /// `readerSeed = HKDF-SHA-256(ikm: S, salt: lookupID, info: "coffer/v1/links/folder-reader", L = 32)`, then the
    /// Ed25519 key pair of that seed — the key a folder link's opener signs its record reads with when it has no
    /// account (Spec/opener.md §8, server.md §6.1): the same for every holder of the link, so the server can hold
    /// its reads to the rate limits; it signs only `coffer/v1/server-request` messages and reveals neither `S` nor
    /// a folder key. Salted with the lookup id, unlike the other labels, as the browser opener derives it.
    package var folderReaderKey: Ed25519.SigningKey {
        Ed25519.SigningKey(
            seed: HKDF<SHA256>.deriveKey32(
                inputKeyMaterial: secret, salt: lookupID.bytes, info: Array(Self.folderReaderLabel.utf8)))
    }

    /// The 4-byte checksum of the fragment: `BLAKE2b-256(key: S, message: label ‖ 0x00 ‖ version)[0:4]`.
    package func checksum(version: String) -> [UInt8] {
        let message = Array(Self.checksumLabel.utf8) + [0] + Array(version.utf8)
        return Array(BLAKE2b.hash(message, key: key, length: .bytes32).prefix(4))
    }

    /// Without a password: `wrapKey = HKDF-SHA-256(ikm: S, salt: "", info: "coffer/v1/links/wrap-key", L = 32)`.
    /// With one: `wrapKey = HKDF-SHA-256(ikm: S ‖ Argon2id(password, salt, m, t, p, 32), salt: "",
    /// info: "coffer/v1/links/password-wrap-key", L = 32)` — the password is part of the key, so a server that skips
    /// a password check still holds nothing that opens the file. The policy is checked before the KDF runs. The
    /// password enters Argon2id in its link form, `UTF-8(NFC(password))` (`Password.linkForm`, Spec/links.md §7.1);
    /// `normalising: false` uses the bytes as given, only for opening links made before that rule.
    package func wrapKey(
        password: Password?, parameters: KDFParameters?, policy: KDFPolicy, hashing: any PasswordHashing,
        normalising: Bool = true
    ) throws(LinkError) -> SecretKey32 {
        switch (password, parameters) {
        case (nil, nil): return key(Self.wrapKeyLabel)
        case (nil, .some): throw .passwordRequired
        case (.some, nil): throw .passwordNotExpected
        case (.some(let password), .some(let parameters)):
            let stretched: StretchedPassword
            do {
                try policy.check(parameters)
                stretched = try hashing.stretch(normalising ? password.linkForm : password, parameters: parameters)
            } catch {
                throw LinkError(kdf: error)
            }
            let joined = SecretBytes(count: Self.byteCount + StretchedPassword.byteCount) { out in
                secret.withUnsafeBytes { out.copyMemory(from: $0) }
                stretched.secret.withUnsafeBytes {
                    UnsafeMutableRawBufferPointer(rebasing: out[Self.byteCount...]).copyMemory(from: $0)
                }
            }
            return HKDF<SHA256>.deriveKey32(
                inputKeyMaterial: joined, salt: [], info: Array(Self.passwordWrapKeyLabel.utf8))
        }
    }

    /// `HKDF-SHA-256(ikm: S, salt: "", info: label, L)` to a fixed length: cannot fail.
    private func expand(_ label: String, _ length: KeyLength) -> SecretBytes {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: secret, salt: [], info: Array(label.utf8), length: length)
    }

    /// `HKDF-SHA-256(ikm: S, salt: "", info: label, 32)` as a 32-byte key.
    private func key(_ label: String) -> SecretKey32 {
        HKDF<SHA256>.deriveKey32(inputKeyMaterial: secret, salt: [], info: Array(label.utf8))
    }
}

/// The 16-byte lookup id of a link: public, written in the URL path as base64url (22 characters) and in the link
/// stanza as standard base64.
public struct LinkLookupID: Sendable, Hashable, CustomStringConvertible {
    package static let byteCount = 16
    package let bytes: [UInt8]

    package init(bytes: [UInt8]) throws(LinkError) {
        guard bytes.count == Self.byteCount else {
            throw .malformedLinkStanza("lookup id has \(bytes.count) bytes, expected \(Self.byteCount)")
        }
        self.bytes = bytes
    }

    init(validated bytes: [UInt8]) { self.bytes = bytes }

    /// Reads the URL form (22 base64url characters), as shown by `coffer link list`.
    package init(urlText: String) throws(LinkError) {
        guard let bytes = try? Base64.decode(urlText, alphabet: .urlSafe) else {
            throw .malformedLinkStanza("lookup id \"\(ShareLink.quoted(urlText))\" is not canonical base64url")
        }
        try self.init(bytes: bytes)
    }

    /// The URL form (base64url, no padding): the last path segment of the link.
    package var urlText: String { Base64.encode(bytes, alphabet: .urlSafe) }
    /// The stanza form (standard base64, no padding), as age writes binary arguments.
    package var stanzaText: String { Base64.encode(bytes) }
    /// The URL form (base64url, no padding): the last path segment of the link, as `coffer link list` shows it.
    public var description: String { urlText }
}

extension LinkError {
    /// Maps the keys layer's KDF refusals to this layer's cases (same rule, this layer's vocabulary).
    init(kdf error: KeysError) {
        switch error.reason {
        case .kdfParameterBelowFloor(let parameter, let value, let minimum):
            self = .kdfParameterBelowFloor(parameter, value: value, minimum: minimum)
        case .kdfParameterAboveCap(let parameter, let value, let maximum):
            self = .kdfParameterAboveCap(parameter, value: value, maximum: maximum)
        default: self = .kdfFailed(error.description)
        }
    }
}
