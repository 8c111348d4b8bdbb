// SPDX-License-Identifier: MIT
// A client integration of Coffer, start to finish: age encryption for a recipient, a share link, and a vault kept in
// a directory the client does not trust. Every step checks its own result, so `./dev examples` fails when one breaks.
// Secrets here are literals only to keep the example short: a real client reads them from a terminal or a file.
import Coffer
import Foundation

/// Stops the example with a message when a step gave a wrong result.
func check(_ condition: Bool, _ what: String) {
    guard condition else {
        FileHandle.standardError.write(Data("ClientExample: \(what)\n".utf8))
        exit(1)
    }
    print("ok: \(what)")
}

let message = Array("Meet at the usual place at nine.".utf8)

// 1. Content: encrypt to an age recipient and decrypt with its identity. The file is a standard age v1 file.
let identity = X25519Identity.generate()
let recipient = try X25519Recipient(identity.recipient.encoded)  // what a client receives: an age1… string
let ageFile = try AgeEncryptor(recipients: [recipient]).encrypt(message)
check(try AgeDecryptor(identities: [identity]).decrypt(ageFile) == message, "age file decrypts with the identity")

var tampered = ageFile
tampered[tampered.count - 1] ^= 1
do {
    _ = try AgeDecryptor(identities: [identity]).decrypt(tampered)
    check(false, "a tampered file is refused")
} catch let error as AgeError {
    check(error.code == .payloadFailure, "a tampered file is refused (\(error))")
}

// 2. A share link: the link's secret rides in the URL fragment; the server keeps only the file.
let linked = try FileLinks.addLink(
    toFile: ageFile, identities: [identity], options: FileLinks.Options(expiry: 0))
let linkText = linked.link.revealedText()  // give this to the person you share with, never to the server
let opener = LinkOpener(
    link: try ShareLink(parsing: linkText), password: nil, now: UInt64(Date().timeIntervalSince1970))
check(try FileLinks.open(with: opener, file: linked.file) == message, "the share link opens the file")
check(try AgeDecryptor(identities: [identity]).decrypt(linked.file) == message, "the recipient still decrypts it")

// 3. A vault: an account, then a folder and a file in a storage directory that holds only ciphertext.
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-example-\(UUID().uuidString)")
defer { try? FileManager.default.removeItem(at: scratch) }
let accounts = try DirectoryRecordStore(directory: scratch.appendingPathComponent("accounts"))
let device = try DeviceState(directory: scratch.appendingPathComponent("device"))
let storage = try VaultStore.directory(scratch.appendingPathComponent("vault"))
let password = Password("correct horse battery staple")
let (account, _) = try AccountService(store: accounts, device: device)
    .create(password: password, kdf: KDFProfile.moderate.parameters())

let vault = try Vault.open(
    accountStore: accounts, vaultStore: storage, device: device, accountID: account.accountID, password: password)
try vault.initialize()
try vault.makeFolder(try VaultPath("/notes"))
try vault.put(message, at: try VaultPath("/notes/meeting.txt"), contentType: "text/plain")
let listing = try vault.list(try VaultPath("/notes"))
check(listing.map(\.name) == ["meeting.txt"], "the folder lists its file")
check(try vault.read(try VaultPath("/notes/meeting.txt")) == message, "the vault reads the file back")

let stored = try FileManager.default.contentsOfDirectory(atPath: scratch.appendingPathComponent("vault").path)
check(!stored.contains { $0.contains("notes") || $0.contains("meeting") }, "storage sees no file or folder names")
