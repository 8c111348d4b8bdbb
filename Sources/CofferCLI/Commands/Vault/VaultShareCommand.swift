// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferSharing

struct VaultShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Share one of your folders, or one file, with a verified contact; prints the id the contact accepts.",
        discussion: """
            The contact must be pinned and verified (`coffer contact add`, `coffer contact verify`). The folder key
            is wrapped to the contact's pinned post-quantum key (MLKEM768-X25519) when the pinned bundle has one,
            else to its X25519 key; the owner-signed member list gains the contact. Sharing again with a contact
            whose pin has since gained a post-quantum key replaces their share with a post-quantum one.

            Roles: --reader lets the contact read the folder and everything below it, nothing more; every record a
            reader signs is refused by the owner's and every member's coffer, whatever the storage side accepted.
            --writer (the default for a new member) lets them also add, change, rename and delete files and
            folders there. Writer is the default because a share has always meant that and scripts rely on it;
            pass --reader whenever the contact only needs to read. Sharing again with a member, with --reader or
            --writer, changes their role (a new owner-signed member list) here and in every shared folder below;
            without either flag their role stays as it is. A writer made a reader keeps what they wrote: the
            owner re-signs it. A member who writes through a shared folder above stays a writer here (make them a
            reader there).

            A contact without a post-quantum key is refused where other members hold post-quantum shares: their
            classical share would let a future quantum computer read the folder key from the stored record, and
            with it every file. --allow-classical shares anyway.

            A file: sharing one of your files gives the contact read access to that file's current version and
            nothing else (no folder key: its siblings stay unreadable). It is a snapshot, read-only: after you
            change the file, the contact still reads the version you shared until you share it again, which
            shares the new version. --reader is what a file share always is; --writer is refused. The contact
            accepts it with `coffer vault accept --file ID` and reads it with `coffer vault get @NAME`;
            `coffer vault unshare FILE --member CONTACT` deletes the share, but what they read, and the file key
            they opened, they may have kept.

            Examples:
              coffer vault share /team --with bob --passphrase-file pass.txt
              coffer vault share /team/reports --with dana --reader --passphrase-file pass.txt
              coffer vault share /team --with bob --reader     (bob, a writer until now, may only read)
              coffer vault share /team --with carol --allow-classical --passphrase-file pass.txt
              coffer vault share /team/plan.pdf --with bob     (this version of one file, read-only)
            """
    )

    @OptionGroup var options: VaultOptions
    @Argument(help: "The folder (or file) to share.") var path: String
    @Option(name: .customLong("with"), help: "The contact's name.") var contact: String
    @Flag(help: "Share with a contact without a post-quantum key even where other members have one.")
    var allowClassical = false
    @Flag(help: "The contact may only read the folder (changes an existing member's role).") var reader = false
    @Flag(help: "The contact may read and write (the default for a new member; changes an existing member's role).")
    var writer = false

    func validate() throws {
        if reader && writer { throw ValidationError("use --reader or --writer, not both") }
    }

    var role: MemberRole? { reader ? .reader : writer ? .writer : nil }

    func run() throws {
        try CLI.run {
            let (vault, server) = try options.openWithServer()
            let target = try vaultPath(path)
            if try vault.kind(of: target) == .file { return try shareFile(target, vault: vault) }
            let receipt = try vault.share(vaultPath(path), with: contact, role: role, allowClassical: allowClassical)
            if let server {
                do {
                    // The server's membership is write access: granted to writers, ended for readers (which the
                    // clients refuse anyway, Spec/vault.md §7.1).
                    if receipt.role == .reader {
                        try server.removeMember(owner: vault.accountID, member: receipt.member, folder: receipt.folder)
                    } else {
                        try server.grantMember(owner: vault.accountID, member: receipt.member, folder: receipt.folder)
                    }
                } catch  where receipt.role == .reader {
                    throw CLIFailure(
                        message: "shared, but the server did not end \(contact)'s write access: \(error)",
                        hints: [
                            "every coffer refuses what \(contact) writes there; the server may still store it",
                            "share again with --reader once the server answers",
                        ])
                } catch {
                    throw CLIFailure(
                        message: "shared, but the server did not register \(contact) as a writer: \(error)",
                        hints: [
                            "until it does, \(contact) can read but not write",
                            "unshare and share again once the server answers",
                        ])
                }
            }
            let kind = receipt.isPostQuantum ? "post-quantum" : "X25519, not post-quantum"
            CLI.note(
                "shared with \(contact) as a \(receipt.role.name) (key epoch \(receipt.epoch), \(kind)); "
                    + "they accept it with the folder id below")
            try StandardOutput.write(receipt.folder.hex + "\n")
        }
    }

    /// A file share (Spec/vault.md §7.4): read-only, so --writer is a usage error; nothing to register on a server
    /// (reading needs no membership there).
    func shareFile(_ target: VaultPath, vault: Vault) throws {
        if writer {
            StandardError.write(
                ErrorPresenter.render(
                    message: "\(path) is a file: a file share is read-only, --writer is for folders",
                    hints: ["drop --writer to share this version of the file, or share its folder with --writer"]))
            throw ExitCode(CofferExit.usage)
        }
        let receipt = try vault.shareFile(target, with: contact, allowClassical: allowClassical)
        let kind = receipt.isPostQuantum ? "post-quantum" : "X25519, not post-quantum"
        CLI.note(
            "shared version \(receipt.version) of \(path) with \(contact), read-only (\(kind)); "
                + "they accept it with `vault accept --file` and the file id below")
        try StandardOutput.write(receipt.file.hex + "\n")
    }
}
