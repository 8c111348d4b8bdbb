// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// Adding, removing and opening share links of a standalone age file (Spec/links.md §4, §6).
///
/// Adding a link needs the file key (so the caller unwrapped it with an existing identity): the new stanza is
/// appended and the header MAC recomputed, the payload is untouched, and every earlier recipient — including
/// `age -d -i` — still decrypts the file.
public enum FileLinks {
    /// What a new link asks for: an optional password (with its Argon2id costs), an expiry, the base URL.
    public struct Options: Sendable {
        package var password: Password?
        package var kdf: KDFParameters
        /// Unix seconds; 0 = never.
        package var expiry: UInt64
        package var baseURL: String

        /// A link with an optional `password` (stretched with `kdf`), an `expiry` in Unix seconds (0: never) and the
        /// URL the link text starts with.
        public init(
            password: Password? = nil, kdf: KDFParameters = KDFProfile.moderate.parameters(), expiry: UInt64 = 0,
            baseURL: String = ShareLink.defaultBaseURL
        ) {
            self.password = password
            self.kdf = kdf
            self.expiry = expiry
            self.baseURL = baseURL
        }
    }

    /// A fresh link to the file with `fileKey`: its secret, and the stanza to add to the header.
    package static func makeLink(
        fileKey: FileKey, options: Options, secret: LinkSecret = .generate(), policy: KDFPolicy = .standard,
        hashing: any PasswordHashing = Argon2idHashing()
    ) throws(LinkError) -> (link: ShareLink, envelope: LinkEnvelope) {
        let link = try ShareLink(secret: secret, baseURL: options.baseURL)
        let kdf = options.password == nil ? nil : options.kdf
        let record = LinkRecord(
            lookupID: secret.lookupID, kind: .file, commitment: LinkRecord.commitment(fileKey: fileKey),
            expiry: options.expiry, kdf: kdf)
        let wrapKey = try secret.wrapKey(password: options.password, parameters: kdf, policy: policy, hashing: hashing)
        return (link, LinkEnvelope(record: record, key: fileKey.secret, wrapKey: wrapKey, secret: secret))
    }

    /// `header'` = the stanzas of `header` plus the envelope's stanza, MAC recomputed under `fileKey` (checked first).
    package static func adding(_ envelope: LinkEnvelope, to header: Header, fileKey: FileKey) throws -> Header {
        try header.verifyMAC(fileKey: fileKey)
        if header.stanzas.contains(where: { $0.type == "scrypt" }) { throw AgeError.scryptNotAlone }
        return Header(stanzas: header.stanzas + [envelope.stanza], fileKey: fileKey)
    }

    /// `header'` = `header` without the stanza of link `lookupID`, MAC recomputed: that link no longer opens.
    package static func removing(_ lookupID: LinkLookupID, from header: Header, fileKey: FileKey) throws -> Header {
        try header.verifyMAC(fileKey: fileKey)
        let kept = header.stanzas.filter { !LinkEnvelope.names($0, lookupID) }
        guard kept.count < header.stanzas.count else { throw LinkError.noLinkStanza(lookupID: lookupID.urlText) }
        return Header(stanzas: kept, fileKey: fileKey)
    }

    /// The link stanzas of `header` that parse (for listing; nothing in them is verified without the secret).
    package static func links(in header: Header) -> [LinkEnvelope] {
        header.stanzas.filter { $0.type == LinkEnvelope.stanzaType }.compactMap { try? LinkEnvelope(parsing: $0) }
    }

    /// Decrypts an age file through a link: link checks (`LinkOpener`), header MAC, then the payload, each chunk
    /// released only after it authenticated.
    public static func open(with opener: LinkOpener, from source: ByteSource, to sink: ByteSink) throws {
        try open(with: opener, from: source, to: sink, concurrency: .allCores)
    }

    /// `open(with:from:to:)` with the payload's chunks spread as `concurrency` says.
    package static func open(
        with opener: LinkOpener, from source: ByteSource, to sink: ByteSink, concurrency: PayloadConcurrency
    ) throws {
        let input = try AgeDecryptor.unarmored(source, mode: .detect)
        let header = try HeaderParser.parse(from: input)
        try open(with: opener, header: header, from: input, to: sink, concurrency: concurrency)
    }

    /// `open` for a header already parsed from `source` (for callers that look at its link stanza first, e.g. to
    /// decide whether to ask for a password); `source` is positioned right after the header.
    package static func open(
        with opener: LinkOpener, header: Header, from source: BufferedSource, to sink: ByteSink,
        concurrency: PayloadConcurrency = .allCores
    ) throws {
        let fileKey = try opener.unwrapFileKey(header.stanzas)
        let decryptor = AgeDecryptor(identities: [UnwrappedFileKeyIdentity(fileKey: fileKey)], concurrency: concurrency)
        let opened = try decryptor.openHeader(header, from: source)
        try decryptor.decryptPayload(of: opened, from: source, to: sink)
    }

    /// `open` for byte arrays (small inputs, tests, vectors).
    public static func open(with opener: LinkOpener, file: [UInt8]) throws -> [UInt8] {
        let sink = MemorySink()
        try open(with: opener, from: MemorySource(file), to: sink)
        return sink.bytes
    }

    /// Adds a new link to an age file in memory: unwraps the file key with `identities`, adds a link stanza under a
    /// fresh secret, and returns the link (give it to the person you share with, never to the server) and the file.
    public static func addLink(
        toFile file: [UInt8], identities: [any Identity], options: Options
    ) throws -> (link: ShareLink, file: [UInt8]) {
        try addLink(toFile: file, identities: identities, options: options, secret: .generate())
    }

    /// `addLink` with a given secret and password hashing (tests, vectors).
    package static func addLink(
        toFile file: [UInt8], identities: [any Identity], options: Options, secret: LinkSecret = .generate(),
        hashing: any PasswordHashing = Argon2idHashing()
    ) throws -> (link: ShareLink, file: [UInt8]) {
        let source = BufferedSource(MemorySource(file))
        let header = try HeaderParser.parse(from: source)
        let fileKey = try AgeDecryptor(identities: identities).unwrapFileKey(header)
        let made = try makeLink(fileKey: fileKey, options: options, secret: secret, hashing: hashing)
        let updated = try adding(made.envelope, to: header, fileKey: fileKey)
        return (made.link, updated.encoded + (try source.readAll()))
    }
}
