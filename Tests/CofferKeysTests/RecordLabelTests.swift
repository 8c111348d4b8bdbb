// SPDX-License-Identifier: MIT
import Testing

@testable import CofferKeys

/// `RecordID`'s non-throwing initializers are valid by construction only if every label is: this checks them all
/// once, and each form's longest id against the checked `RecordID.init(_:)`.
@Suite("record labels")
struct RecordLabelTests {
    @Test("every label is a valid record-id part, and every form built from it passes the checked parser")
    func everyLabel() throws {
        let longest = [UInt8](repeating: 0xff, count: 40)
        for label in RecordLabel.allCases {
            #expect(label.isValidInRecordID, "\(label.rawValue)")
            for id in [RecordID(longest, label), RecordID(longest, label, longest), RecordID(label, longest)] {
                #expect(try RecordID(id.rawValue) == id, "\(id.rawValue)")
            }
        }
    }

    @Test("the check refuses what would break an id")
    func checkCanFail() {
        #expect(RecordLabel.allCases.count == 13)
        let maxLabel = String(repeating: "a", count: RecordLabel.maxLength)
        let id =
            RecordID.hexPart([UInt8](repeating: 1, count: 16)) + "." + maxLabel + "-"
            + RecordID.hexPart([UInt8](repeating: 2, count: 99))
        #expect(id.utf8.count == 128)
        #expect((try? RecordID(id + "0")) == nil)
        #expect(RecordLabel.isValid(maxLabel))
        for bad in ["", maxLabel + "a", "Node", "node-x", "node.x", "0node", "nöde", "node "] {
            #expect(!RecordLabel.isValid(bad), "\(bad)")
        }
    }

    @Test("account ids and hash prefixes read as before")
    func spelling() throws {
        let account = try AccountID(bytes: Array(0..<16))
        #expect(RecordID.bundle(account).rawValue == "000102030405060708090a0b0c0d0e0f.bundle")
        #expect(RecordID.identitySecrets(account).rawValue == "000102030405060708090a0b0c0d0e0f.secrets")
        #expect(RecordID(.link, [0xab, 0x01]).rawValue == "link-ab01")
        #expect(RecordID([0x0f], .node, Array(0..<32)).rawValue == "0f.node-000102030405060708090a0b0c0d0e0f")
    }
}
