// SPDX-License-Identifier: MIT
import CofferPrimitives
import Foundation
import Testing

@testable import CofferKeys

@Suite struct KDFPolicyTests {
    @Test func profilesAreWithinPolicyAndUseP1() throws {
        for profile in KDFProfile.allCases {
            let kdf = profile.parameters()
            try KDFPolicy.standard.check(kdf)
            #expect(kdf.parallelism == 1)
            #expect(kdf.salt.count == 16)
        }
        #expect(KDFProfile.moderate.parameters().memoryKiB == 65536)
        #expect(KDFProfile.moderate.parameters().iterations == 3)
    }

    @Test func floorIsRFC9106SecondRecommendation() {
        let salt = [UInt8](repeating: 0, count: 16)
        #expect(throws: KeysError.kdfParameterBelowFloor(.memoryKiB, value: 65535, minimum: 65536)) {
            try KDFPolicy.standard.check(KDFParameters(memoryKiB: 65535, iterations: 3, parallelism: 1, salt: salt))
        }
        #expect(throws: KeysError.kdfParameterBelowFloor(.iterations, value: 2, minimum: 3)) {
            try KDFPolicy.standard.check(KDFParameters(memoryKiB: 65536, iterations: 2, parallelism: 1, salt: salt))
        }
        #expect(throws: KeysError.kdfParameterBelowFloor(.saltLength, value: 8, minimum: 16)) {
            try KDFPolicy.standard.check(
                KDFParameters(memoryKiB: 65536, iterations: 3, parallelism: 1, salt: Array(salt.prefix(8))))
        }
        #expect(throws: KeysError.kdfParameterAboveCap(.memoryKiB, value: 4_194_305, maximum: 4_194_304)) {
            try KDFPolicy.standard.check(KDFParameters(memoryKiB: 4_194_305, iterations: 3, parallelism: 1, salt: salt))
        }
    }

    @Test func kdfBlockEncodingIsBigEndian() {
        let kdf = KDFParameters(memoryKiB: 0x0001_0000, iterations: 3, parallelism: 1, salt: Array(0..<16))
        #expect(kdf.encoded == [1, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1] + Array(0..<16))
    }
}

@Suite struct RecoveryKeyTests {
    let key = RecoveryKey.random()

    @Test func writtenFormRoundTripsInAnyCaseAndSpacing() throws {
        let written = key.writtenForm
        #expect(written.hasPrefix("COFFER-RECOVERY1 "))
        #expect(try RecoveryKey(writtenForm: written) == key)
        #expect(try RecoveryKey(writtenForm: written.lowercased()) == key)
        #expect(try RecoveryKey(writtenForm: written.replacingOccurrences(of: " ", with: "")) == key)
        #expect(try RecoveryKey(writtenForm: written.replacingOccurrences(of: " ", with: "\n")) == key)
    }

    @Test func everySingleChangedCharacterIsMistyped() {
        let written = Array(key.writtenForm)
        let alphabet = Array("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")
        for index in written.indices where index >= 17 && written[index] != " " {
            var typo = written
            typo[index] = alphabet.first { $0 != written[index] }!
            #expect(throws: KeysError.recoveryKeyMistyped("checksum mismatch")) {
                try RecoveryKey(writtenForm: String(typo))
            }
        }
    }

    @Test func everyNeighbourSwapIsMistyped() {
        let data = Array(key.writtenForm.replacingOccurrences(of: " ", with: "").dropFirst(16))
        for index in 0..<(data.count - 1) where data[index] != data[index + 1] {
            var swapped = data
            swapped.swapAt(index, index + 1)
            #expect(throws: KeysError.recoveryKeyMistyped("checksum mismatch")) {
                try RecoveryKey(writtenForm: "COFFER-RECOVERY1" + String(swapped))
            }
        }
    }

    @Test func truncatedAndForeignStringsAreRefused() {
        let written = key.writtenForm
        #expect(throws: KeysError.self) { try RecoveryKey(writtenForm: String(written.dropLast(5))) }
        #expect(throws: KeysError.recoveryKeyMalformed("it does not start with \"COFFER-RECOVERY1\"")) {
            try RecoveryKey(writtenForm: "AGE-SECRET-KEY-1QQQQ")
        }
        let withO = "COFFER-RECOVERY1" + String(repeating: "O", count: 58)
        #expect(throws: KeysError.recoveryKeyMalformed("\"O\" is not a recovery key character (no 1, B, I, O)")) {
            try RecoveryKey(writtenForm: withO)
        }
    }
}

@Suite struct IdentityTests {
    @Test func bundleRoundTripsAndNamesItsAccount() throws {
        let keys = IdentityKeyPair()
        let bundle = IdentityBundle(signedBy: keys)
        #expect(bundle.encoded.count == 149)
        #expect(try IdentityBundle(encoded: bundle.encoded) == bundle)
        #expect(try IdentityBundle(text: bundle.text) == bundle)
        #expect(bundle.accountID == keys.accountID)
        #expect(
            throws: KeysError.malformedRecord(
                kind: "identity bundle", reason: "is 150 bytes, a version 1 record is 149")
        ) {
            try IdentityBundle(encoded: bundle.encoded + [0])
        }
    }

    @Test func fingerprintIsFourGroupsOfFiveDigitsAndKeySpecific() throws {
        let a = IdentityBundle(signedBy: IdentityKeyPair()).fingerprint
        let b = IdentityBundle(signedBy: IdentityKeyPair()).fingerprint
        #expect(a.groups.count == 4 && a.groups.allSatisfy { $0.count == 5 && $0.allSatisfy(\.isNumber) })
        #expect(a != b)
        try a.verify(typed: a.description)
        try a.verify(typed: a.groups.joined())
        #expect(throws: KeysError.self) { try a.verify(typed: b.description) }
    }

    @Test func identitySecretsRoundTrip() throws {
        let keys = IdentityKeyPair()
        let masterKey = MasterKey.random()
        let record = IdentitySecretsRecord.seal(keys, under: IdentitySecretsRecord.key(from: masterKey))
        let reopened = try IdentitySecretsRecord(encoded: record.encoded)
            .open(with: IdentitySecretsRecord.key(from: masterKey), expecting: keys.publicKeys)
        #expect(reopened.publicKeys == keys.publicKeys)
        #expect(throws: KeysError.recordTampered(kind: "identity secrets")) {
            try record.open(with: IdentitySecretsRecord.key(from: .random()), expecting: keys.publicKeys)
        }
    }

    @Test func roleTypesRefuseWrongLengthsAndNeverPrintSecrets() {
        #expect(throws: KeysError.invalidKeyLength(role: "master key", expected: 32, actual: 31)) {
            try MasterKey(SecretBytes([UInt8](repeating: 1, count: 31)))
        }
        #expect(!MasterKey.random().description.contains("0x"))
        #expect(Password("hunter2").description == "password (redacted)")
    }
}

@Suite struct StorageTests {
    @Test func recordIDsAreSafeFileNames() throws {
        for bad in ["", "../x", ".hidden", "A", "a/b", String(repeating: "a", count: 129), "-x"] {
            #expect(throws: KeysError.invalidRecordID(bad)) { try RecordID(bad) }
        }
        _ = try RecordID("0123abcd.account")
    }

    @Test func directoryStorePutsGetsListsAtomically() throws {
        let directory = Fixtures.temporaryDirectory()
        let store = try DirectoryRecordStore(directory: directory)
        let id = try RecordID("r1")
        try store.put(id, [1, 2, 3])
        try store.put(id, [4, 5])
        #expect(try store.get(id) == [4, 5])
        #expect(try store.list() == [id])
        #expect(throws: KeysError.notFound("record r2")) { try store.get(RecordID("r2")) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".tmp")
        }
        #expect(leftovers.isEmpty)
    }

    @Test func pinStoreTrustsOnFirstUseAndRefusesAChangedKey() throws {
        let pins = PinStore(device: try DeviceState(directory: Fixtures.temporaryDirectory()))
        let alice = IdentityBundle(signedBy: IdentityKeyPair())
        let impostor = IdentityBundle(signedBy: IdentityKeyPair())
        #expect(try pins.add(name: "alice", bundle: alice) == .pinned)
        #expect(try pins.add(name: "alice", bundle: alice) == .alreadyPinned)
        #expect(
            throws: KeysError.pinnedKeyChanged(
                contact: "alice", pinned: alice.fingerprint.description, presented: impostor.fingerprint.description
            )
        ) { try pins.add(name: "alice", bundle: impostor) }
        #expect(try pins.bundle(for: "alice") == alice)
        // Re-pinning needs the new key's fingerprint, compared out of band.
        #expect(throws: KeysError.self) {
            try pins.verify(name: "alice", typedFingerprint: alice.fingerprint.description, newBundle: impostor)
        }
        try pins.verify(name: "alice", typedFingerprint: impostor.fingerprint.description, newBundle: impostor)
        #expect(try pins.bundle(for: "alice") == impostor)
        #expect(try pins.list().map(\.verified) == [true])
    }

    @Test func contactBundleWithBadSignatureIsRefused() {
        var bytes = IdentityBundle(signedBy: IdentityKeyPair()).encoded
        bytes[100] ^= 0x80
        #expect(throws: KeysError.invalidBundleSignature) { try IdentityBundle(encoded: bytes) }
    }
}

@Suite struct MasterKeySubkeyTests {
    @Test func laterLayersGetIndependentSubkeysButNotReservedContexts() throws {
        let masterKey = MasterKey.random()
        let vault = try masterKey.subkey(context: "coffervk")
        #expect(vault.count == 32)
        #expect(try masterKey.subkey(context: "coffervk") == vault)
        #expect(try masterKey.subkey(context: "coffervk", id: 2) != vault)
        #expect(vault != IdentitySecretsRecord.key(from: masterKey).secret)
        for bad in ["cofferid", "cofferkc", "short", "toolongcontext"] {
            #expect(throws: KeysError.self) { try masterKey.subkey(context: bad) }
        }
    }
}
