// SPDX-License-Identifier: MIT

/// What `verify` checked.
package struct VaultVerifyReport: Sendable, Equatable {
    /// Folders whose records verified.
    package var folders = 0
    /// Files whose records and content verified.
    package var files = 0
    /// The plaintext bytes of those files, every chunk authenticated.
    package var plaintextBytes: UInt64 = 0
    /// Files and folders in the trash (§6.4), verified as the others are (and their files counted above).
    package var trashed = 0
    /// Earlier versions of files (§4.1), each record and content verified.
    package var earlierVersions = 0
}

extension Vault {
    /// Walks the tree below `path` and checks everything a reader checks — every member list, keyring, listing,
    /// record and metadata, and every file's commitment and every chunk, the trash and earlier versions included
    /// (§8.7) — stopping at the first refusal.
    package func verify(_ path: VaultPath) throws(VaultError) -> VaultVerifyReport {
        try reading { () throws(VaultError) in
            var report = VaultVerifyReport()
            try verify(folder(at: path), into: &report)
            return report
        }
    }

    private func verify(_ view: FolderView, into report: inout VaultVerifyReport) throws(VaultError) {
        report.folders += 1
        for child in try children(of: view) {
            if child.metadata.isTrashed { report.trashed += 1 }
            if child.record.kind == .folder {
                try verify(childFolder(child, in: view), into: &report)
            } else {
                let sink = DiscardingSink()
                try content(of: child).decrypt(record: child.record, keys: view.keys, to: sink)
                report.files += 1
                report.plaintextBytes += sink.count
                for previous in child.metadata.previous {
                    let version = try reader.previousVersion(previous, of: child, in: view)
                    try content(of: version).decrypt(record: version.record, keys: view.keys, to: DiscardingSink())
                    report.earlierVersions += 1
                }
            }
        }
    }
}
