// SPDX-License-Identifier: MIT
import CofferAge
import CofferKeys
import CofferPrimitives
import Testing

@testable import CofferSharing

/// The constants this layer builds keys, stanzas and record ids from are checked here once, so the code that uses
/// them needs no `try!`.
@Suite("static inputs of the vault and links")
struct StaticInputTests {
    @Test("the vault's crypto_kdf contexts are 8 ASCII bytes and none is CofferKeys' own")
    func subkeyContexts() {
        #expect(SubkeyDerivation.allValid(VaultSubkeyContext.self))
        for context in VaultSubkeyContext.allCases {
            #expect(!MasterKey.reservedSubkeyContexts.contains(context.rawValue), "\(context.rawValue)")
        }
    }

    @Test("Coffer's stanza types are valid stanza arguments, and the stanzas built without a check parse")
    func stanzaTypes() throws {
        for type in [FolderKeyStanza.type, LinkEnvelope.stanzaType] { #expect(Stanza.isValidArgument(type), "\(type)") }
        let stanza = Stanza(
            constantType: FolderKeyStanza.type, arguments: [.base64(Array(0..<16)), .decimal(UInt64(UInt32.max))],
            body: [UInt8](repeating: 7, count: FolderKeyStanza.bodyByteCount))
        let checked = try Stanza(type: stanza.type, arguments: stanza.arguments, body: stanza.body)
        #expect(checked == stanza)
        #expect(stanza.arguments == ["AAECAwQFBgcICQoLDA0ODw", "4294967295"])
        #expect(try FolderKeyStanza.parse(stanza).epoch == UInt32.max)
    }

    @Test("vault record ids are spelled as Spec/vault.md §2 names them")
    func recordIDs() throws {
        let node = try NodeID(bytes: Array(0..<16))
        let hex = "000102030405060708090a0b0c0d0e0f"
        #expect(VaultStorage.recordID(node, .members).rawValue == hex + ".members")
        #expect(
            VaultStorage.nodeRecordID(node, hash: Array(repeating: 0xab, count: 32)).rawValue
                == hex + ".node-" + String(repeating: "ab", count: 16))
        #expect(
            VaultStorage.contentID(node, .body, commitment: Array(repeating: 1, count: 32)).rawValue
                == hex + ".body-" + String(repeating: "01", count: 16))
        #expect(VaultStorage.movingKeysID(node, parent: node).rawValue == hex + ".keys-" + hex)
        #expect(StoredFolderLink.recordID(try LinkLookupID(bytes: Array(0..<16))).rawValue == "link-" + hex)
        #expect(AccountID.zero.bytes == [UInt8](repeating: 0, count: 16))
    }
}
