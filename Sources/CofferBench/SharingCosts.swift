// SPDX-License-Identifier: MIT
import Coffer
import Foundation

/// The sharing rows of the key-operation table: share links without a password (so no KDF runs), and what sharing a
/// 10,000-file vault folder and revoking a member cost — wall-clock time and the public-key operations the vault
/// counts (`VaultOperationCounter`), beside the same operations on a one-file folder to show they do not grow with
/// the folder.
enum SharingCosts {
    /// One vault operation: its time and the public-key work it did.
    struct VaultRow {
        let operation: String
        let seconds: Double
        let x25519: Int
        /// X-Wing encapsulations and decapsulations (shares to and from post-quantum keys).
        let encapsulations: Int
        let signatures: Int
        let verifications: Int
    }

    /// Operations per second, one thread: making a file link (record, wrapped key, signature, link text) and opening
    /// one (parse and checksum, stanza lookup, signature, unwrap, commitment).
    static func linkOperations() -> [(String, Double)] {
        progress("link operations")
        let fileKey = FileKey.generate()
        let options = FileLinks.Options()
        let (link, envelope) = try! FileLinks.makeLink(fileKey: fileKey, options: options)
        let text = link.revealedText()
        let stanzas = [envelope.stanza]
        return [
            (
                "file link create, no password (record, wrap, sign, link text)",
                KDFAndKeys.rate { _ = try! FileLinks.makeLink(fileKey: fileKey, options: options).link.revealedText() }
            ),
            (
                "file link open, no password (parse, verify, unwrap, commitment)",
                KDFAndKeys.rate {
                    let opener = LinkOpener(link: try! ShareLink(parsing: text), password: nil, now: LinkTime.now())
                    _ = try! opener.unwrapFileKey(stanzas)
                }
            ),
        ]
    }

    /// Builds a vault with a 10,000-file folder and a one-file folder in `directory` (accounts use the moderate
    /// Argon2id profile; that time is not measured), then times sharing each with a contact and revoking a member.
    static func vaultOperations(in directory: String, fileCount: Int = 10_000) -> [VaultRow] {
        progress("vault: three accounts, a \(fileCount)-file folder (setup, not timed)")
        let root = URL(fileURLWithPath: directory).appendingPathComponent("vault-bench")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try! VaultDirectoryStore(directory: root.appendingPathComponent("store"))
        let counter = VaultOperationCounter()
        let keyring = AccountKeyring()
        // Bob and Carol have post-quantum keys (the default for a new account); Dave is an account without one.
        let people = ["alice", "bob", "carol", "dave"].map { name in
            let kdf = KDFProfile.moderate.parameters()
            return (
                name,
                try! keyring.create(password: Password("\(name) bench"), kdf: kdf, postQuantum: name != "dave").account
            )
        }
        func device(_ name: String) -> DeviceState {
            try! DeviceState(directory: root.appendingPathComponent("device-\(name)"))
        }
        let alicePins = PinStore(device: device("alice"))
        for (name, account) in people.dropFirst() {
            _ = try! alicePins.add(name: name, bundle: account.bundle)
            try! alicePins.verify(name: name, typedFingerprint: account.fingerprint.description)
        }
        let alice = Vault(account: people[0].1, store: store, device: device("alice"), counter: counter)
        try! alice.initialize()
        try! alice.makeFolder(VaultPath("/one"))
        try! alice.makeFolder(VaultPath("/big"))
        try! alice.put([VaultUpload(name: "only.txt", content: [1])], into: VaultPath("/one"))
        let uploads = (0..<fileCount).map { VaultUpload(name: "file-\($0).txt", content: Array("content \($0)".utf8)) }
        try! alice.put(uploads, into: VaultPath("/big"))

        func measure(_ operation: String, _ body: () throws -> Void) -> VaultRow {
            progress("vault: \(operation)")
            counter.reset()
            let seconds = wallClock { try! body() }
            return VaultRow(
                operation: operation, seconds: seconds, x25519: counter.x25519Operations,
                encapsulations: counter.keyEncapsulations, signatures: counter.signatures,
                verifications: counter.verifications)
        }
        let rows = [
            measure("share a 1-file folder with a contact (post-quantum key)") {
                _ = try alice.share(VaultPath("/one"), with: "bob")
            },
            measure("share a 1-file folder with a contact without one (X25519)") {
                _ = try alice.share(VaultPath("/one"), with: "dave", allowClassical: true)
            },
            measure("share a \(fileCount.formatted())-file folder with a contact") {
                _ = try alice.share(VaultPath("/big"), with: "bob")
            },
            measure("share it with a second contact") { _ = try alice.share(VaultPath("/big"), with: "carol") },
            measure("(setup) share the 1-file folder with the second contact") {
                _ = try alice.share(VaultPath("/one"), with: "carol")
            },
            measure("revoke a member of the 1-file folder (2 left: one X-Wing, one X25519 share)") {
                _ = try alice.unshare(VaultPath("/one"), member: "carol")
            },
            measure("revoke a member of the \(fileCount.formatted())-file folder (1 left)") {
                _ = try alice.unshare(VaultPath("/big"), member: "carol")
            },
        ]
        return rows.filter { !$0.operation.hasPrefix("(setup)") }
    }
}
