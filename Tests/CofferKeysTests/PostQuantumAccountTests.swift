// SPDX-License-Identifier: MIT
import CofferPrimitives
import CofferVectors
import Foundation
import Testing

@testable import CofferKeys

/// Accounts with an MLKEM768-X25519 key (Spec/accounts.md §6, §9.6, §10): created by default, added to older
/// accounts, and never silently lost — neither from the account's own records nor from a contact's pin.
@Suite struct PostQuantumAccountTests {
    func service() throws -> AccountService {
        AccountService(
            store: try DirectoryRecordStore(directory: Fixtures.temporaryDirectory()),
            device: try DeviceState(directory: Fixtures.temporaryDirectory()))
    }

    @Test func newAccountsHaveAPostQuantumKeyInEveryRecord() throws {
        let service = try service()
        let (created, _) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf)
        let records = try service.store.accountRecords(created.accountID)
        #expect(records.bundle.count == 1365 && records.bundle[4] == 2)
        #expect(records.identitySecrets.count == 157 && records.identitySecrets[4] == 2)
        #expect(records.account.count == 330 && records.account[4] == 2)
        let unlocked = try service.unlock(created.accountID, password: Fixtures.password)
        let hybrid = try #require(unlocked.identity.hybrid)
        #expect(unlocked.bundle.keys.hybrid == hybrid.publicKey)
        #expect(hybrid.seed == created.identity.hybrid?.seed)
    }

    @Test func classicalAccountsStayVersionOne() throws {
        let service = try service()
        let (created, _) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf, postQuantum: false)
        let records = try service.store.accountRecords(created.accountID)
        #expect(records.bundle.count == 149 && records.identitySecrets.count == 125 && records.account[4] == 1)
        #expect(try service.unlock(created.accountID, password: Fixtures.password).identity.hybrid == nil)
    }

    @Test func addingAKeyKeepsIdFingerprintAndPasswordAndIsIdempotent() throws {
        let service = try service()
        let (created, _) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf, postQuantum: false)
        let (upgraded, outcome) = try service.addPostQuantumKey(created.accountID, password: Fixtures.password)
        #expect(outcome == .added)
        #expect(upgraded.record.revision == 2 && upgraded.record.version == 2)
        #expect(upgraded.bundle.fingerprint == created.bundle.fingerprint)
        #expect(upgraded.masterKey == created.masterKey)
        let unlocked = try service.unlock(created.accountID, password: Fixtures.password)
        #expect(unlocked.identity.hybrid?.publicKey == upgraded.bundle.keys.hybrid)
        #expect(unlocked.identity.agreement.publicKey == created.identity.agreement.publicKey)
        let before = try service.store.accountRecords(created.accountID)
        let (_, again) = try service.addPostQuantumKey(created.accountID, password: Fixtures.password)
        #expect(again == .alreadyPresent)
        #expect(try service.store.accountRecords(created.accountID) == before)
        // A password change keeps the key and the version.
        let changed = try service.changePassword(
            created.accountID, current: Fixtures.password, new: Password("new"), kdf: Fixtures.kdf.withFreshSalt())
        #expect(changed.record.version == 2 && changed.identity.hybrid?.seed == unlocked.identity.hybrid?.seed)
    }

    /// The store serves the bundle (and secrets) from before the upgrade: the signed version 2 record refuses it,
    /// for unlock and for `account show`'s password-less path.
    @Test func attackStoreServesThePreUpgradeBundle() throws {
        let service = try service()
        let (created, _) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf, postQuantum: false)
        let old = try service.store.accountRecords(created.accountID)
        _ = try service.addPostQuantumKey(created.accountID, password: Fixtures.password)
        try service.store.put(.bundle(created.accountID), old.bundle)
        #expect(throws: KeysError.self) { try service.unlock(created.accountID, password: Fixtures.password) }
        do {
            _ = try service.unlock(created.accountID, password: Fixtures.password)
        } catch {
            #expect(error.expectName == "postQuantumKeyMissing")
        }
        #expect(throws: KeysError.self) { try service.bundle(created.accountID) }
        try service.store.put(.identitySecrets(created.accountID), old.identitySecrets)
        do {
            _ = try service.bundle(created.accountID)
            Issue.record("the pre-upgrade bundle was shown")
        } catch {
            #expect(error.expectName == "postQuantumKeyMissing")
        }
        // The whole pre-upgrade state is an authentic older revision: a rollback on this device.
        try service.store.put(.account(created.accountID), old.account)
        do {
            _ = try service.unlock(created.accountID, password: Fixtures.password)
            Issue.record("the pre-upgrade account was accepted")
        } catch {
            #expect(error.expectName == "rollbackDetected")
        }
    }

    /// Each prefix of the upgrade's writes (secrets, bundle, record) leaves an account that unlocks, and running
    /// the upgrade again finishes it.
    @Test func anInterruptedUpgradeUnlocksAndCompletes() throws {
        let service = try service()
        let (created, _) = try service.create(password: Fixtures.password, kdf: Fixtures.kdf, postQuantum: false)
        let unlocked = try service.unlock(created.accountID, password: Fixtures.password)
        let (new, _) = try service.keyring.addingPostQuantumKey(to: unlocked)
        let id = created.accountID
        try service.store.put(.identitySecrets(id), new.identitySecrets)
        #expect(try service.unlock(id, password: Fixtures.password).identity.hybrid == nil)
        try service.store.put(.bundle(id), new.bundle)
        let halfway = try service.unlock(id, password: Fixtures.password)
        #expect(halfway.identity.hybrid != nil && halfway.record.version == 1)
        let (finished, outcome) = try service.addPostQuantumKey(id, password: Fixtures.password)
        #expect(outcome == .added && finished.record.version == 2)
        #expect(finished.bundle.keys.hybrid == halfway.bundle.keys.hybrid)
    }

    @Test func bundleVersionTwoRoundTripsAndRefusesEdits() throws {
        let keys = try IdentityKeyPair.generate(postQuantum: true)
        let bundle = IdentityBundle(signedBy: keys)
        #expect(bundle.encoded.count == IdentityBundle.postQuantumByteCount && bundle.version == 2)
        #expect(try IdentityBundle(text: bundle.text) == bundle)
        #expect(bundle.fingerprint == IdentityBundle(signedBy: keys.classical).fingerprint)
        var stripped = Array(bundle.encoded.prefix(85)) + bundle.encoded.suffix(64)
        stripped[4] = 1
        #expect(throws: KeysError.invalidBundleSignature) { try IdentityBundle(encoded: stripped) }
        let other = try IdentityKeyPair.generate(postQuantum: true)
        var swapped = bundle.encoded
        swapped.replaceSubrange(85..<1301, with: IdentityBundle(signedBy: other).encoded[85..<1301])
        #expect(throws: KeysError.invalidBundleSignature) { try IdentityBundle(encoded: swapped) }
    }

    @Test func pinsNeverLoseAPostQuantumKeyAndUpgradeInPlace() throws {
        let pins = PinStore(device: try DeviceState(directory: Fixtures.temporaryDirectory()))
        let keys = try IdentityKeyPair.generate(postQuantum: true)
        let hybrid = IdentityBundle(signedBy: keys)
        let classical = IdentityBundle(signedBy: keys.classical)
        // A classical pin, verified, then the same account with a post-quantum key: upgraded, still verified.
        #expect(try pins.add(name: "bob", bundle: classical) == .pinned)
        try pins.verify(name: "bob", typedFingerprint: classical.fingerprint.description)
        #expect(try pins.add(name: "bob", bundle: hybrid) == .upgraded)
        #expect(try pins.bundle(for: "bob") == hybrid)
        #expect(try pins.list().first?.verified == true)
        // Back to the classical bundle: refused, by `add` and by `verify --bundle`.
        do {
            _ = try pins.add(name: "bob", bundle: classical)
            Issue.record("contact add: the pin lost its post-quantum key")
        } catch {
            #expect(error.expectName == "postQuantumKeyMissing")
        }
        do {
            _ = try pins.verify(name: "bob", typedFingerprint: classical.fingerprint.description, newBundle: classical)
            Issue.record("contact verify --bundle: the pin lost its post-quantum key")
        } catch {
            #expect(error.expectName == "postQuantumKeyMissing")
        }
        #expect(try pins.bundle(for: "bob") == hybrid)
        // Another post-quantum key for the same classical keys is a changed key, not an upgrade.
        let rekeyed = IdentityBundle(signedBy: try keys.classical.adding(hybridSeed: .random(count: 32)))
        #expect(throws: KeysError.self) { try pins.add(name: "bob", bundle: rekeyed) }
    }
}
