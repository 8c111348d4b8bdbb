// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation

struct VaultGcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete records of your vault that nothing references (left by interrupted or lost writes).",
        discussion: """
            Walks and verifies your whole tree first and never deletes a record it references. A record is deleted
            only when an earlier run of gc on this device already found it unreferenced at least the grace period
            ago, so a put that is still running elsewhere keeps its records: run gc now and again later.

            Examples:
              coffer vault gc --passphrase-file pass.txt
              coffer vault gc --grace-minutes 1440 --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Option(help: "Minutes a record must stay unreferenced between two runs before it is deleted (at least 10).")
    var graceMinutes = 60

    func validate() throws {
        guard graceMinutes >= 10 else {
            throw ValidationError("--grace-minutes must be at least 10: a slower writer's records would be deleted")
        }
    }

    func run() throws {
        try CLI.run {
            let report = try options.open().collectGarbage(grace: TimeInterval(graceMinutes) * 60)
            try StandardOutput.write(
                "deleted \(report.deleted) unreferenced records; \(report.waiting) waiting for the grace period\n")
        }
    }
}
