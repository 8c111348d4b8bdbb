// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing

struct VaultUnshareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unshare",
        abstract: "Remove a member from a shared folder and start a new key epoch (no content is re-encrypted).",
        discussion: """
            Files added afterwards use the new keys, which the removed member never receives; what they could read
            before, they may have kept.

            On a file you shared with `vault share FILE`, it deletes that file share. Like a revoked link, it
            cannot take back what the contact already read, nor the file key they opened: that version stays
            readable with the key until it is gone from the vault (replaced and collected by `vault gc`, or removed).

            Examples:
              coffer vault unshare /team --member bob --passphrase-file pass.txt
              coffer vault unshare /team/plan.pdf --member bob
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The shared folder (or shared file).") var path: String
    @Option(help: "The contact to remove.") var member: String

    func run() throws {
        try CLI.run {
            let (vault, server) = try options.openWithServer()
            let target = try vaultPath(path)
            if try vault.kind(of: target) == .file {
                try vault.unshareFile(target, member: member)
                CLI.note("deleted \(member)'s share of \(path); what they read, and its file key, they may have kept")
                return
            }
            let receipt = try vault.unshare(vaultPath(path), member: member)
            if let server {
                do {
                    try server.removeMember(owner: vault.accountID, member: receipt.member, folder: receipt.folder)
                } catch {
                    throw CLIFailure(
                        message: "removed \(member) from the folder, but the server still lets them write: \(error)",
                        hints: ["they cannot read new files; run this command again to end their write access"])
                }
            }
            CLI.note("removed \(member); the folder is now at key epoch \(receipt.epoch)")
        }
    }
}
