// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// Commands that store something and print its secret: when stdout fails, nothing stays stored whose secret was
/// lost (`link create` prints before it replaces the file; `vault link create` revokes the link again). And
/// `vault export FOLDER -o NEWDIR` creates the directory.
@Suite(.serialized) struct SecretPrintCLITests {
    @Test(arguments: [CLIHarness.Stdout.fullDevice, .closed])
    func linkCreateLeavesTheFileUnchangedWhenTheLinkCannotBePrinted(stdout: CLIHarness.Stdout) throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        let file = world.dir.appendingPathComponent("lc0.age")
        let before = try Data(contentsOf: file)
        let failed = try CLIHarness.run(["link", "create", "-i", "key.txt", "lc0.age"], stdout: stdout, in: world.dir)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.hasPrefix("coffer: ") && failed.stderr.contains("stdout"), "\(failed.stderr)")
        #expect(try Data(contentsOf: file) == before)
        let listed = try CLIHarness.run(CLIHarness.coffer, ["link", "list", "lc0.age"], in: world.dir)
        #expect(listed.status == 0 && listed.stdout.isEmpty, "left: \(String(decoding: listed.stdout, as: UTF8.self))")
        #expect(try CLIHarness.temporaryFiles(in: world.dir).isEmpty)
        // With a working stdout the same command stores and prints one link.
        let made = try CLIHarness.run(CLIHarness.coffer, ["link", "create", "-i", "key.txt", "lc0.age"], in: world.dir)
        #expect(made.status == 0)
        let after = try CLIHarness.run(CLIHarness.coffer, ["link", "list", "lc0.age"], in: world.dir)
        #expect(String(decoding: after.stdout, as: UTF8.self).split(separator: "\n").count == 1)
    }

    @Test(arguments: [CLIHarness.Stdout.fullDevice, .closed])
    func vaultLinkCreateRevokesTheLinkWhenItCannotBePrinted(stdout: CLIHarness.Stdout) throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        let list = MatrixWorld.a(["vault", "link", "list"])
        let before = try CLIHarness.run(CLIHarness.coffer, list, in: world.dir)
        #expect(before.status == 0)
        let create = MatrixWorld.a(["vault", "link", "create", "/team"])
        let failed = try CLIHarness.run(create, stdout: stdout, in: world.dir)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("stdout") && failed.stderr.contains("revoked"), "\(failed.stderr)")
        let after = try CLIHarness.run(CLIHarness.coffer, list, in: world.dir)
        #expect(after.status == 0)
        #expect(after.stdout == before.stdout, "a link is left stored")
        // With a working stdout the same command stores one more link.
        let made = try CLIHarness.run(CLIHarness.coffer, create, in: world.dir)
        #expect(made.status == 0)
        let more = try CLIHarness.run(CLIHarness.coffer, list, in: world.dir)
        #expect(more.stdout.count > before.stdout.count)
    }

    @Test func vaultExportOfAFolderCreatesTheDirectory() throws {
        let world = try MatrixWorld.make()
        defer { try? FileManager.default.removeItem(at: world.dir) }
        let export = MatrixWorld.a(["vault", "export", "/team", "--to", world.recipient, "-o", "newdir"])
        let result = try CLIHarness.run(CLIHarness.coffer, export, in: world.dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("created directory newdir"))
        let exported = world.dir.appendingPathComponent("newdir/team/plain.txt.age")
        let decrypted = try CLIHarness.run(
            CLIHarness.coffer, ["decrypt", "-i", "key.txt", exported.path], in: world.dir)
        #expect(decrypted.stdout == (try Data(contentsOf: world.dir.appendingPathComponent("plain"))))
        // A missing parent, or a file in the way, is a clear error.
        let deep = try CLIHarness.run(
            CLIHarness.coffer, MatrixWorld.a(["vault", "export", "/team", "--to", world.recipient, "-o", "no/such"]),
            in: world.dir)
        #expect(deep.status == 1 && deep.stderr.contains("cannot create the directory"), "\(deep.stderr)")
        let onFile = try CLIHarness.run(
            CLIHarness.coffer, MatrixWorld.a(["vault", "export", "/team", "--to", world.recipient, "-o", "plain"]),
            in: world.dir)
        #expect(onFile.status == 1 && onFile.stderr.contains("not a directory"), "\(onFile.stderr)")
        let help = try CLIHarness.run(CLIHarness.coffer, ["vault", "export", "--help"], in: world.dir)
        #expect(String(decoding: help.stdout, as: UTF8.self).contains("is created"))
    }
}
