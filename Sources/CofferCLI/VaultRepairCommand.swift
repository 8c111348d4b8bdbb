// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultRepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Finish what an interrupted command left half-done in your vault (owner only).",
        discussion: """
            Completes every unshare that was interrupted (its new key epochs, member lists and share records), and
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
            let summary = done.isEmpty ? "nothing to repair" : "repaired: " + done.joined(separator: "; ")
            try StandardOutput.write(summary + "\n")
        }
    }
}
