// SPDX-License-Identifier: MIT
import CofferPrimitives
import Testing

@testable import CofferKeys

/// The master key's `crypto_kdf` contexts are a closed set, each checked here once, so the derivations under them
/// need no `try!`; the non-throwing forms give the bytes the checked derivation gives.
@Suite("master key contexts")
struct MasterKeyContextTests {
    @Test("every context of this layer is 8 ASCII bytes and reserved")
    func contexts() throws {
        #expect(SubkeyDerivation.allValid(MasterKeyContext.self))
        #expect(MasterKey.reservedSubkeyContexts == ["cofferid", "cofferkc"])
        let master = MasterKey.random()
        let checked = try SubkeyDerivation.deriveSubkey(from: master.secret, id: 1, context: "cofferid")
        #expect(IdentitySecretsRecord.key(from: master).secret == checked)
        #expect(try master.subkey(context: "coffervr") == master.subkey(VaultLikeContext.root).secret)
        #expect(throws: KeysError.self) { try master.subkey(context: "cofferid") }
        #expect(throws: KeysError.self) { try master.subkey(context: "short") }
    }

    enum VaultLikeContext: String, SubkeyContextName { case root = "coffervr" }
}
