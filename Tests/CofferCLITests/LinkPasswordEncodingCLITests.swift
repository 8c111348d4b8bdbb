// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Link passwords are normalised to NFC by the library (Spec/links.md §7.1): a link made with a password file in
/// one Unicode form opens with a password file holding the same text in the other form.
@Suite struct LinkPasswordEncodingCLITests {
    @Test(arguments: [("caf\u{E9}\n", "cafe\u{301}\n"), ("cafe\u{301}\n", "caf\u{E9}\n")])
    func theOtherUnicodeFormOpensTheLink(made: String, typed: String) throws {
        let (dir, plaintext) = try LinkCLITests.setUp(size: 100)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(made.utf8).write(to: dir.appendingPathComponent("made.txt"))
        try Data(typed.utf8).write(to: dir.appendingPathComponent("typed.txt"))
        #expect(Array(made.utf8) != Array(typed.utf8))
        _ = try LinkCLITests.create(dir, ["--password-file", "made.txt"])
        let opened = try LinkCLITests.open(dir, ["--link-file", "link.txt", "--password-file", "typed.txt", "f.age"])
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout == plaintext)
        let wrong = try LinkCLITests.open(dir, ["--link-file", "link.txt", "--password-file", "wrong.txt", "f.age"])
        #expect(wrong.status != 0)
    }
}
