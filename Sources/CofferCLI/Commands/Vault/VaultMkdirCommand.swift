// SPDX-License-Identifier: MIT
import ArgumentParser

struct VaultMkdirCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mkdir",
        abstract: "Create a folder (with its own folder key) in an existing folder, or with -p its parents too.",
        discussion: """
            Without -p the parent must exist and the folder must not. With -p (as mkdir -p) each missing folder \
            along the path is created, outermost first, each in its own commit; folders already there are kept, \
            and no error is reported when the whole path exists. Interrupted, the folders made so far stay \
            complete; running the same command again makes the rest.

            Examples:
              coffer vault mkdir /projects --passphrase-file pass.txt
              coffer vault mkdir -p /projects/2026/reports --passphrase-file pass.txt
            """
    )

    @OptionGroup var options: VaultOptions
    @Flag(name: .customShort("p"), help: "Create missing parent folders; an existing folder is not an error.")
    var parents = false
    @Argument(help: "The new folder's path.") var path: String

    func run() throws {
        try CLI.run {
            let vault = try options.open()
            let target = try vaultPath(path)
            if parents {
                for made in try vault.makeFolders(target) { CLI.note("created \(made)") }
            } else {
                try vault.makeFolder(target)
            }
        }
    }
}
