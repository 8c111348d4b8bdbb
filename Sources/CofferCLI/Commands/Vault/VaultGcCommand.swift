// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing
import Foundation

struct VaultGcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete records of your vault that nothing references (left by interrupted or lost writes).",
        discussion: """
            Walks and verifies your whole tree first and never deletes a record it references. A record is deleted
            only when an earlier run of gc on this device already found it unreferenced at least the grace period
            ago, so a put that is still running elsewhere keeps its records: run gc now and again later.

            What the policy keeps is never deleted: the versions of a file its current record names (vault put \
            --keep-versions), and what is in the trash for less than --trash-days (30 by default; 0 keeps the trash \
            until vault trash empty). Older trash entries are deleted first, each folder's in one commit.

            Examples:
              coffer vault gc --passphrase-file pass.txt
              coffer vault gc --grace-minutes 1440 --passphrase-file pass.txt
              coffer vault gc --trash-days 0 --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Option(help: "Minutes a record must stay unreferenced between two runs before it is deleted (at least 10).")
    var graceMinutes = 60
    @Option(help: "Days an entry stays in the trash before gc deletes it (0: until vault trash empty).")
    var trashDays: UInt32 = 30

    func validate() throws {
        guard graceMinutes >= 10 else {
            throw ValidationError("--grace-minutes must be at least 10: a slower writer's records would be deleted")
        }
    }

    func run() throws {
        try CLI.run {
            let vault = try options.open()
            var trashed = 0
            if trashDays > 0 {
                let now = UInt64(max(0, Date().timeIntervalSince1970))
                let age = UInt64(trashDays) * 86_400  // at most 2^32 days: no overflow
                if now >= age {
                    trashed = try vault.emptyTrash(under: try VaultPath("/"), trashedBefore: now - age)
                }
            }
            let report = try vault.collectGarbage(grace: TimeInterval(graceMinutes) * 60)
            try StandardOutput.write(
                "deleted \(trashed) trash entries older than \(trashDays) days, \(report.deleted) unreferenced "
                    + "records; \(report.waiting) waiting for the grace period\n")
        }
    }
}
