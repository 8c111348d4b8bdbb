// SPDX-License-Identifier: MIT
import CofferSharing
import Foundation

/// The words for two things the vault library reports as data (Spec/vault.md §4.1, §6.4): a path that is not
/// found because its name is in a folder's trash, and the earlier versions a move to another folder leaves behind.
enum VaultHistoryWords {
    /// Runs `body`, a read of `path`. A `notFound` that a trash explains (`Vault.trashedEntry(holding:)`: `path`,
    /// or a folder above it, is in its folder's trash) becomes a message that says so, with the commands that list
    /// and restore the entry; any other error, or a `notFound` no trash explains, is thrown as it was.
    static func explainingTrash<T>(_ path: VaultPath, in vault: Vault, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as VaultError where error.code == .notFound {
            guard let entry = try? vault.trashedEntry(holding: path) else { throw error }
            throw inTrash(entry, asked: path)
        }
    }

    /// "PATH not found: it is in the trash" with the hints `coffer vault trash FOLDER` and `coffer vault restore`.
    static func inTrash(_ entry: VaultTrashEntry, asked path: VaultPath) -> CLIFailure {
        let when = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(entry.trashed)))
        let kind = entry.kind == .folder ? "folder" : "file"
        let which = entry.path.description == path.description ? "the \(kind)" : "the \(kind) \(entry.path)"
        return CLIFailure(
            message: "\(path) not found: \(which) is in the trash of \(entry.path.parent) (removed \(when))",
            hints: [
                "list that trash with: coffer vault trash \(quoted(entry.path.parent.description))",
                "bring it back with: coffer vault restore \(quoted(entry.path.description))",
            ])
    }

    /// After a move or a restore to another folder that left `count` earlier versions of `source` behind (nothing
    /// when 0): they name the old folder, so the moved file starts a new history and `vault gc` deletes them.
    static func noteVersionsLeftBehind(_ count: Int, of source: VaultPath, movedTo destination: VaultPath) {
        guard count > 0 else { return }
        let versions = count == 1 ? "1 earlier version" : "\(count) earlier versions"
        CLI.note(
            "note: \(versions) of \(source) stayed behind in \(source.parent) as garbage (versions do not move to "
                + "another folder); \(destination) starts a new history, and vault gc deletes them")
    }

    /// `text` as one shell word: as it is when it holds only safe characters, else in single quotes.
    static func quoted(_ text: String) -> String {
        let safe = CharacterSet(charactersIn: "/@._-+:,=").union(.alphanumerics)
        if !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.isASCII && safe.contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
