// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import CofferSharing
import Foundation

/// `links_folder_link.json`: folder-link envelopes (Spec/links.md §8) opened with a link against the folder id
/// the opener asked for. The vault stores these envelopes; every check here is the client's.
package struct FolderLinkCase: LinkVectorCase {
    package var tcId = 0
    package var comment: String
    package var flags: [String]
    /// The envelope as served: `record ‖ wrappedKey ‖ signature`, hex.
    package var envelope: String
    package var link: String
    package var password: String?
    /// `PasswordEncoding` cases: the password's UTF-8 bytes as typed, and its link form `UTF-8(NFC(password))` — the
    /// bytes Argon2id takes (Spec/links.md §7.1), hex.
    package var passwordHex: String?
    package var passwordLinkForm: String?
    /// The 16-byte id of the folder the opener asked for, hex.
    package var folderId: String
    package var now: UInt64
    /// Valid cases: the folder key (a test-only secret), hex.
    package var folderKey: String?
    /// Valid version 2 cases: the tree owner's account id (hex) and the key epoch the record names.
    package var owner: String?
    package var epoch: UInt32?
    package var result: String
    package var expect: String?

    package func check() throws -> String? {
        if let password, let problem = checkPasswordBytes(password) { return problem }
        let opener = LinkOpener(link: try ShareLink(parsing: link), password: password.map(Password.init), now: now)
        let envelope = try LinkEnvelope(parsing: try Hex.decode(self.envelope))
        let key = try FolderLinks.open(envelope, with: opener, folderID: try Hex.decode(folderId))
        if let problem = LinkVectors.compare("folder key", key.revealedBytes(), folderKey) { return problem }
        let record = envelope.record
        if owner != record.owner.map({ Hex.encode($0.bytes) }) { return "the record's owner differs" }
        if (epoch ?? 0) != record.epoch { return "the record's epoch is \(record.epoch), expected \(epoch ?? 0)" }
        return nil
    }
}

extension FolderLinkCase {
    func checkPasswordBytes(_ password: String) -> String? {
        if let passwordHex, passwordHex != Hex.encode(Array(password.utf8)) {
            return "passwordHex is not the UTF-8 of password"
        }
        guard let passwordLinkForm else { return nil }
        return LinkVectors.compare(
            "password link form", Password(password).linkForm.secret.revealedBytes(), passwordLinkForm)
    }
}

package struct FolderLinkGenerator: VectorGenerator {
    package let fileName = "links_folder_link.json"
    package static let algorithm = "coffer-links-folder-link"
    package init() {}

    package func generate() throws -> Data {
        var random = DeterministicRandom(label: fileName)
        let now = FileLinkGenerator.now
        let folderKey = random.secret(32)
        let folderID = random.bytes(16)
        let otherID = random.bytes(16)
        let secret = try LinkSecret(random.secret(16))
        let protectedSecret = try LinkSecret(random.secret(16))
        let kdf = KDFProfile.moderate.costs(salt: random.bytes(16))
        let typed = "correct horse battery staple"
        let stranger = try Ed25519.SigningKey(seed: random.secret(32))
        let ownerSecret = try LinkSecret(random.secret(16))
        let owner = try AccountID(bytes: random.bytes(16))
        let otherOwner = try AccountID(bytes: random.bytes(16))
        let owned = try FolderLinks.makeLink(
            folderKey: folderKey, folderID: folderID, owner: owner, epoch: 3, options: .init(kdf: kdf),
            secret: ownerSecret)
        let plain = try FolderLinks.makeLink(
            folderKey: folderKey, folderID: folderID, options: .init(kdf: kdf, expiry: now + 60), secret: secret)
        let protected = try FolderLinks.makeLink(
            folderKey: folderKey, folderID: folderID, options: .init(password: Password(typed), kdf: kdf),
            secret: protectedSecret)
        func make(
            _ comment: String, _ made: (link: ShareLink, envelope: LinkEnvelope), envelope: [UInt8]? = nil,
            password: String? = nil, folder: [UInt8] = folderID, now at: UInt64 = now, expect: String? = nil,
            _ flags: [String] = []
        ) -> FolderLinkCase {
            let record = made.envelope.record
            let valid = expect == nil
            return FolderLinkCase(
                comment: comment, flags: flags, envelope: Hex.encode(envelope ?? made.envelope.encoded),
                link: made.link.revealedText(), password: password, folderId: Hex.encode(folder), now: at,
                folderKey: valid ? Hex.encode(folderKey.revealedBytes()) : nil,
                owner: valid ? record.owner.map { Hex.encode($0.bytes) } : nil,
                epoch: valid && record.owner != nil ? record.epoch : nil,
                result: valid ? "valid" : "invalid", expect: expect)
        }
        var ownedFile = owned.envelope.record
        ownedFile.kind = .file
        var otherOwned = owned.envelope.record
        otherOwned.owner = otherOwner
        var epochZero = owned.envelope.record
        epochZero.epoch = 0
        var fileKind = plain.envelope.record
        fileKind.kind = .file
        var extended = plain.envelope.record
        extended.expiry = 0
        let positives = [
            make("a folder link without password", plain),
            make("a password-protected folder link", protected, password: typed, ["Password"]),
            make("a version 2 record naming the tree owner and key epoch 3", owned, ["Owner"]),
        ]
        let negatives = [
            make(
                "the envelope of this link for another folder id", plain, folder: otherID, expect: "targetMismatch",
                ["Substituted"]),
            make("expired", plain, now: now + 60, expect: "linkExpired", ["Expiry"]),
            make("wrong password", protected, password: "Tr0ub4dor&3", expect: "wrongPassword", ["Password"]),
            make("no password", protected, expect: "passwordRequired", ["Password"]),
            make(
                "server extended the expiry and signed with its own key", plain,
                envelope: LinkEnvelope(record: extended, wrappedKey: plain.envelope.wrappedKey, signingKey: stranger)
                    .encoded, now: now + 60, expect: "badRecordSignature", ["Forged"]),
            make(
                "a file-kind record with a folder-sized wrapped key", plain,
                envelope: LinkEnvelope(
                    record: fileKind, wrappedKey: plain.envelope.wrappedKey,
                    signingKey: secret.recordSigningKey
                ).encoded, expect: "malformedLinkStanza", ["Grammar"]),
            make(
                "the envelope cut by one byte", plain, envelope: plain.envelope.encoded.dropLast(),
                expect: "malformedLinkStanza", ["Grammar"]),
            make(
                "server named another owner and signed with its own key", owned,
                envelope: LinkEnvelope(record: otherOwned, wrappedKey: owned.envelope.wrappedKey, signingKey: stranger)
                    .encoded, expect: "badRecordSignature", ["Owner", "Forged"]),
            make(
                "a version 2 record of kind file (version 2 is for vault folders only)", owned,
                envelope: LinkEnvelope(
                    record: ownedFile, wrappedKey: owned.envelope.wrappedKey, signingKey: ownerSecret.recordSigningKey
                ).encoded, expect: "unsupportedRecordVersion", ["Owner"]),
            make(
                "a version 2 record naming epoch 0", owned,
                envelope: LinkEnvelope(
                    record: epochZero, wrappedKey: owned.envelope.wrappedKey, signingKey: ownerSecret.recordSigningKey
                ).encoded, expect: "malformedLinkStanza", ["Owner", "Grammar"]),
        ]
        // Link passwords are NFC-normalised (Spec/links.md §7.1). Appended after every earlier draw.
        let nfc = "caf\u{E9} cr\u{E8}me"
        let nfd = "cafe\u{301} cre\u{300}me"
        let nfcSecret = try LinkSecret(random.secret(16))
        let nfdSecret = try LinkSecret(random.secret(16))
        let legacySecret = try LinkSecret(random.secret(16))
        let encodingKDF = KDFProfile.moderate.costs(salt: random.bytes(16))
        let madeNFC = try FolderLinks.makeLink(
            folderKey: folderKey, folderID: folderID, options: .init(password: Password(nfc), kdf: encodingKDF),
            secret: nfcSecret)
        let madeNFD = try FolderLinks.makeLink(
            folderKey: folderKey, folderID: folderID, options: .init(password: Password(nfd), kdf: encodingKDF),
            secret: nfdSecret)
        // What a writer from before the rule made: the wrap key from the NFD bytes as typed.
        let madeLegacy = try FolderLinks.makeLink(
            folderKey: folderKey, folderID: folderID, options: .init(password: Password(nfd), kdf: encodingKDF),
            secret: legacySecret)
        let legacy = (
            link: madeLegacy.link,
            envelope: LinkEnvelope(
                record: madeLegacy.envelope.record, key: folderKey,
                wrapKey: try legacySecret.wrapKey(
                    password: Password(nfd), parameters: encodingKDF, policy: .standard, hashing: Argon2idHashing(),
                    normalising: false),
                secret: legacySecret)
        )
        func encoded(_ test: FolderLinkCase) -> FolderLinkCase {
            var out = test
            out.flags = ["PasswordEncoding"]
            out.passwordHex = out.password.map { Hex.encode(Array($0.utf8)) }
            out.passwordLinkForm = Hex.encode(Array(nfc.utf8))
            return out
        }
        let encodings = [
            make("made with the NFC password, opened with NFC", madeNFC, password: nfc),
            make("made with the NFC password, opened with the same text in NFD", madeNFC, password: nfd),
            make("made with the NFD password (normalised when made), opened with NFC", madeNFD, password: nfc),
            make("made with the NFD password, opened with NFD", madeNFD, password: nfd),
            make(
                "made before normalisation from the NFD bytes; opened with NFD: the reader's fallback to the bytes "
                    + "as typed", legacy, password: nfd),
            make(
                "made before normalisation from the NFD bytes; NFC cannot open it", legacy, password: nfc,
                expect: "wrongPassword"),
        ].map(encoded)
        return try LinkVectors.file(
            algorithm: Self.algorithm,
            header: [
                "Folder-link envelopes (kind 0x02) opened with a share link for a given folder id (Spec/links.md §8).",
                "The 48-byte wrapped key carries a 32-byte folder key.",
                "Password KDF: Argon2id m = 64 MiB, t = 3, p = 1.",
            ],
            notes: [
                "Password": "the password is mixed into the wrap key", "Expiry": "refused at or after the expiry",
                "Forged": "the record signature is checked with the key S derives",
                "Substituted": "the commitment binds the folder key to the folder id",
                "Grammar": "the wrapped key's length follows the record's kind",
                "Owner": "record version 2 (folders only) appends owner(16) ‖ BE32(epoch ≥ 1) under the signature",
                "PasswordEncoding":
                    "Argon2id takes UTF-8(NFC(password)) (passwordLinkForm); a reader whose password is not NFC also "
                    + "tries its bytes as typed, for links made before that rule",
            ],
            groups: [("FolderLink", positives), ("Refused", negatives), ("PasswordEncoding", encodings)]
        )
    }
}
