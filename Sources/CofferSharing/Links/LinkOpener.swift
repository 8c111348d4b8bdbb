// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives

/// Opens the file key a share link grants (Spec/links.md §6, reader duties), in this order:
///
/// 1. find the `coffer.dev/v1/link` stanza named by the link's lookup id (none: `noLinkStanza`);
/// 2. parse it strictly; 3. verify the record signature under the key `S` derives (`badRecordSignature`);
/// 4. target kind; 5. expiry against the client's clock (`linkExpired`); 6. password present exactly when the
/// record has KDF parameters; 7. KDF policy (floor and cap) before the KDF; 8. unwrap (`wrongPassword`);
/// 9. the unwrapped key matches the record's commitment (`targetMismatch`). The age reader then checks the
/// header MAC with that key.
///
/// Every check before step 8 uses only the signed record, so a server that skips a password gate, extends an
/// expiry, lowers the KDF cost or serves another file's blob is refused by the client itself.
public struct LinkOpener: Sendable {
    package let link: ShareLink
    package let password: Password?
    /// Unix seconds of the client's clock.
    package let now: UInt64
    package let policy: KDFPolicy
    package let hashing: any PasswordHashing

    /// An opener for `link`, with its `password` if it has one, checking expiry against `now` (Unix seconds) and the
    /// link's KDF costs against the standard policy before running them.
    public init(link: ShareLink, password: Password?, now: UInt64) {
        self.init(link: link, password: password, now: now, policy: .standard)
    }

    /// `init(link:password:now:)` with the KDF costs checked against `policy` and the password stretched by
    /// `hashing` (tests and vectors choose a fast one).
    package init(
        link: ShareLink, password: Password?, now: UInt64, policy: KDFPolicy = .standard,
        hashing: any PasswordHashing = Argon2idHashing()
    ) {
        self.link = link
        self.password = password
        self.now = now
        self.policy = policy
        self.hashing = hashing
    }

    /// The link stanza this link names among `stanzas`, parsed (steps 1–2).
    package func findStanza(in stanzas: [Stanza]) throws(LinkError) -> LinkEnvelope {
        let lookupID = link.lookupID
        let matching = stanzas.filter { LinkEnvelope.names($0, lookupID) }
        guard let stanza = matching.first else { throw .noLinkStanza(lookupID: lookupID.urlText) }
        guard matching.count == 1 else { throw .malformedLinkStanza("two stanzas for link \(lookupID.urlText)") }
        return try LinkEnvelope(parsing: stanza)
    }

    /// Steps 3–6 on a parsed envelope: everything that needs neither a key nor the KDF.
    package func checkRecord(_ envelope: LinkEnvelope, kind: LinkRecord.TargetKind) throws(LinkError) {
        guard envelope.record.lookupID == link.lookupID else { throw .noLinkStanza(lookupID: link.lookupID.urlText) }
        try envelope.verifySignature(secret: link.secret)
        let record = envelope.record
        guard record.kind == kind else { throw .targetKindMismatch(expected: kind.name, actual: record.kind.name) }
        if record.expiry != 0 && record.expiry <= now { throw .linkExpired(expiry: record.expiry, now: now) }
        if record.kdf == nil && password != nil { throw .passwordNotExpected }
        if record.kdf != nil && password == nil { throw .passwordRequired }
    }

    /// Steps 3–8 for any target: the key the envelope grants (16 bytes for a file, 32 for a folder). The caller
    /// checks the record's commitment against that key (step 9), as only it knows what the target is.
    package func unwrapKey(_ envelope: LinkEnvelope, kind: LinkRecord.TargetKind) throws(LinkError) -> SecretBytes {
        try checkRecord(envelope, kind: kind)
        let wrapKey = try link.secret.wrapKey(
            password: password, parameters: envelope.record.kdf, policy: policy, hashing: hashing)
        if let key = envelope.unwrap(wrapKey: wrapKey) { return key }
        // Links made before passwords were normalised (Spec/links.md §7.1) used the bytes as typed.
        if let password, password.linkForm != password {
            let asTyped = try link.secret.wrapKey(
                password: password, parameters: envelope.record.kdf, policy: policy, hashing: hashing,
                normalising: false)
            if let key = envelope.unwrap(wrapKey: asTyped) { return key }
        }
        throw envelope.record.kdf == nil ? .fileKeyUnwrapFailed : .wrongPassword
    }

    /// Steps 1–9 for a file: the file key the link grants, bound to the record's commitment.
    package func unwrapFileKey(_ stanzas: [Stanza]) throws(LinkError) -> FileKey {
        let envelope = try findStanza(in: stanzas)
        let key = try unwrapKey(envelope, kind: .file)
        guard let fileKey = try? FileKey(secret: key) else { throw .fileKeyUnwrapFailed }
        guard ConstantTime.equals(LinkRecord.commitment(fileKey: fileKey), envelope.record.commitment) else {
            throw .targetMismatch
        }
        return fileKey
    }
}

/// The link as an age `Identity`: "not mine" (nil) when the header has no stanza for this link, so it can sit
/// beside other identities; every other refusal is thrown as a `LinkError`.
package struct LinkIdentity: UnwrappingIdentity {
    package let opener: LinkOpener

    package init(_ opener: LinkOpener) { self.opener = opener }

    package func unwrap(_ stanzas: [Stanza]) throws -> FileKey? {
        guard stanzas.contains(where: { LinkEnvelope.names($0, opener.link.lookupID) }) else { return nil }
        return try opener.unwrapFileKey(stanzas)
    }
}

/// An identity that already holds the file key (unwrapped once, so the KDF never runs twice).
struct UnwrappedFileKeyIdentity: UnwrappingIdentity {
    let fileKey: FileKey
    func unwrap(_ stanzas: [Stanza]) throws -> FileKey? { fileKey }
}
