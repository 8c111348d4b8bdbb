// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultRepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Finish what an interrupted command left half-done in your vault (owner only).",
        discussion: """
            Completes every unshare that was interrupted (its new key epochs, member lists and share records) and
            every interrupted `link revoke --rekey` (new key epochs, then the link deleted); finishes a move across
            folders that reached its destination, or puts it back where it was (listed once, never twice); and
            creates the root's empty listing after an init that stopped half-way. Safe to run at any time: with
            nothing to finish it changes nothing. Running the interrupted command again finishes it too.

            Example:
              coffer vault repair --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions

    func run() throws {
        try CLI.run {
            let report = try options.open().repair()
            var done: [String] = []
            if report.rootListingCreated { done.append("the root listing of an interrupted init created") }
            if report.unsharesCompleted > 0 {
                done.append("\(report.unsharesCompleted) interrupted unshare(s) completed")
            }
            if report.rekeysCompleted > 0 {
                done.append("\(report.rekeysCompleted) interrupted link revocation(s) with --rekey completed")
            }
            if report.movesFinished > 0 { done.append("\(report.movesFinished) interrupted move(s) finished") }
            if report.movesRolledBack > 0 {
                done.append("\(report.movesRolledBack) interrupted move(s) undone (the node stays where it was)")
            }
            let summary = done.isEmpty ? "nothing to repair" : "repaired: " + done.joined(separator: "; ")
            try StandardOutput.write(summary + "\n")
        }
    }
}
