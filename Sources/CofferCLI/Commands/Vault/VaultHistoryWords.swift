// SPDX-License-Identifier: MIT
import CofferSharing
import Foundation

/// The words for what the vault library reports as data about versions (Spec/vault.md §4.1): the earlier versions
/// a move to another folder leaves behind.
enum VaultHistoryWords {
    /// After a move or a restore to another folder that left `count` earlier versions of `source` behind (nothing
    /// when 0): they name the old folder, so the moved file starts a new history and `vault gc` deletes them.
    static func noteVersionsLeftBehind(_ count: Int, of source: VaultPath, movedTo destination: VaultPath) {
        guard count > 0 else { return }
        let versions = count == 1 ? "1 earlier version" : "\(count) earlier versions"
        CLI.note(
            "note: \(versions) of \(source) stayed behind in \(source.parent) as garbage (versions do not move to "
                + "another folder); \(destination) starts a new history, and vault gc deletes them")
    }
}
