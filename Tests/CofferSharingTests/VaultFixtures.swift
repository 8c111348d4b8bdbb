// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import CofferRemote
import Foundation
import Testing

@testable import CofferSharing

/// A stand-in KDF (HKDF, microseconds) so fixtures need no Argon2 run; the account records it makes are real.
struct FastHashing: PasswordHashing {
    func stretch(_ password: Password, parameters: KDFParameters) throws(KeysError) -> StretchedPassword {
        try StretchedPassword(
            try! HKDF<SHA256>.deriveKey(
                inputKeyMaterial: password.secret, salt: parameters.salt, info: parameters.encoded, outputByteCount: 32)
        )
    }
}

/// One person of a test: an account (made once per run) and a device directory (fresh per world).
struct Person: Sendable {
    let name: String
    let account: UnlockedAccount
    let records: AccountRecordSet

    static func make(_ name: String, postQuantum: Bool = true) -> Person {
        let created = try! AccountKeyring(hashing: FastHashing())
            .create(
                password: Password("\(name) password"), kdf: KDFProfile.moderate.parameters(), postQuantum: postQuantum)
        return Person(name: name, account: created.account, records: created.records)
    }

    /// The same person after `coffer account add-pq` (same device, same X25519 and Ed25519 keys).
    func withPostQuantumKey() -> Person {
        let upgraded = try! AccountKeyring(hashing: FastHashing()).addingPostQuantumKey(to: account)
        return Person(name: name, account: upgraded.account, records: upgraded.records)
    }

    static let alice = make("alice")
    static let bob = make("bob")
    static let carol = make("carol")
    static let mallory = make("mallory")
    /// An account created without a post-quantum key (as every account was before post-quantum keys were the default).
    static let dave = make("dave", postQuantum: false)
}

/// How the people's devices reach the storage side: the vault directory itself, or a hostile `coffer serve` that
/// serves that directory over loopback HTTP (`HostileHTTPServer`) through `HTTPRecordStore`.
enum Transport: String, CaseIterable, Sendable, CustomStringConvertible {
    case directory, http

    var description: String { rawValue }
}

/// A shared vault directory (the storage side, played by the test as a hostile provider) and one device per
/// person. `vault(for:)` opens that person's session, which reaches the directory through `client`.
final class World: @unchecked Sendable {
    let root: URL
    let store: VaultDirectoryStore
    let counter = VaultOperationCounter()
    let transport: Transport
    /// What the devices talk to: `store` itself, or an `HTTPRecordStore` on the hostile server serving it.
    let client: any VaultRecordStore & RecordStore
    /// The hostile server's rule for this world's record space (HTTP only; nothing reads it otherwise).
    let tamper = Tamper()
    /// The record space on the hostile server (HTTP only).
    let space: String?

    init(_ transport: Transport = .directory) {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("coffer-vault-\(UUID().uuidString)")
        store = try! VaultDirectoryStore(directory: root.appendingPathComponent("vault"))
        self.transport = transport
        switch transport {
        case .directory:
            space = nil
            client = store
        case .http:
            CaseTally.overHTTP?.value = true
            let server = HostileHTTPServer.shared
            let name = server.serve(store, tamper: tamper)
            space = name
            // Signed (Spec/server.md §6.1) by a key of the test's own: the hostile server checks signatures, and
            // lets every signed request write.
            client = try! HTTPRecordStore(server: server.url(), vault: name).signed(by: Ed25519.SigningKey())
        }
    }

    deinit {
        if let space { HostileHTTPServer.shared.forget(space) }
        try? FileManager.default.removeItem(at: root)
    }

    func device(_ person: Person) -> DeviceState {
        try! DeviceState(directory: root.appendingPathComponent("device-\(person.name)"))
    }

    func vault(_ person: Person, store: (any VaultRecordStore)? = nil) -> Vault {
        Vault(account: person.account, store: store ?? client, device: device(person), counter: counter)
    }

    /// `person` pins `contact` and, unless told otherwise, verifies the fingerprint.
    func pin(_ contact: Person, by person: Person, verified: Bool = true) {
        let pins = PinStore(device: device(person))
        _ = try! pins.add(name: contact.name, bundle: contact.account.bundle)
        if verified { try! pins.verify(name: contact.name, typedFingerprint: contact.account.fingerprint.description) }
    }

    // MARK: the hostile storage side

    func url(_ id: RecordID) -> URL { store.directory.appendingPathComponent(id.rawValue) }
    /// A commit point (`keys`, `list`, `members`) by its name; an immutable record (`node`, `head`, `body`, named by
    /// its content) as the newest of that node's records of that slot.
    func url(_ node: NodeID, _ slot: VaultStorage.Slot) -> URL {
        switch slot {
        case .keys, .list, .members: return url(VaultStorage.recordID(node, slot))
        case .node, .head, .body:
            let prefix = "\(node.hex).\(slot.rawValue)-"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: store.directory.path)) ?? []
            let newest = names.filter { $0.hasPrefix(prefix) }.max { modified($0) < modified($1) }
            return store.directory.appendingPathComponent(newest ?? prefix + "absent")
        }
    }

    private func modified(_ name: String) -> Date {
        let attributes = try? FileManager.default.attributesOfItem(
            atPath: store.directory.appendingPathComponent(name).path)
        return attributes?[.modificationDate] as? Date ?? .distantPast
    }

    func bytes(_ node: NodeID, _ slot: VaultStorage.Slot) -> [UInt8] {
        Array(try! Data(contentsOf: url(node, slot)))
    }

    func replace(_ node: NodeID, _ slot: VaultStorage.Slot, with bytes: [UInt8]) {
        try! Data(bytes).write(to: url(node, slot))
    }

    func swap(_ a: NodeID, _ b: NodeID, _ slot: VaultStorage.Slot) {
        let first = bytes(a, slot)
        replace(a, slot, with: bytes(b, slot))
        replace(b, slot, with: first)
    }

    func delete(_ node: NodeID, _ slot: VaultStorage.Slot) { try! FileManager.default.removeItem(at: url(node, slot)) }

    /// The id of the entry named `name` in `path`, as the owner sees it.
    func id(_ name: String, in path: String, as person: Person) -> NodeID {
        try! vault(person).list(VaultPath(path)).first { $0.name == name }!.id
    }

    func folderID(_ path: String, as person: Person) -> NodeID {
        let vaultPath = try! VaultPath(path)
        guard let name = vaultPath.name else { return NodeID.root(of: person.account.accountID) }
        return id(name, in: vaultPath.parent.description, as: person)
    }

    /// A scratch file path for all-or-nothing reads.
    func outputURL() -> URL { root.appendingPathComponent("out-\(UUID().uuidString)") }
}

/// Asserts that reading `path` fails with the error `expected` accepts, and releases nothing: `read` returns no
/// bytes, and `read(toFile:)` leaves no file (nor any temporary) in the output directory.
func expectNoPlaintext(
    _ vault: Vault, _ path: String, in world: World, sourceLocation: SourceLocation = #_sourceLocation,
    _ expected: (VaultError) -> Bool
) {
    do {
        let bytes = try vault.read(VaultPath(path))
        Issue.record("read returned \(bytes.count) bytes", sourceLocation: sourceLocation)
    } catch {
        #expect(expected(error), "unexpected error \(error.name): \(error)", sourceLocation: sourceLocation)
    }
    let output = world.outputURL()
    let before = (try? FileManager.default.contentsOfDirectory(atPath: world.root.path)) ?? []
    #expect(throws: VaultError.self, sourceLocation: sourceLocation) { try vault.read(VaultPath(path), toFile: output) }
    #expect(!FileManager.default.fileExists(atPath: output.path), sourceLocation: sourceLocation)
    let after = (try? FileManager.default.contentsOfDirectory(atPath: world.root.path)) ?? []
    #expect(Set(after) == Set(before), "a temporary file was left behind", sourceLocation: sourceLocation)
}

/// Deterministic test content of `count` bytes.
func content(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
}
