// SPDX-License-Identifier: MIT
import CofferKeys
import Foundation

/// What `collectGarbage` did.
package struct VaultGarbageReport: Sendable, Equatable {
    /// Records deleted: unreferenced now and already when an earlier run saw them, at least the grace period ago.
    package let deleted: Int
    /// Records unreferenced now but not yet for the grace period (a writer may still be about to commit them).
    package let waiting: Int
}

/// `vault gc` (Spec/vault.md §10.10): records of this account's tree that no committed state references — left by
/// interrupted or lost writes — are deleted once two runs at least `grace` apart both found them unreferenced.
extension Vault {
    /// The default grace period: a writer that has not committed its records an hour after writing them is gone.
    package static let garbageGrace: TimeInterval = 3600

    /// Collects this tree's garbage. Never deletes a record the committed tree references (it walks and verifies
    /// the whole tree first); a record becomes a candidate only when it is this tree's — named by a node of the
    /// tree, or by a node whose record this tree's writers signed for this tree — and is deleted only when a
    /// previous run found it unreferenced at least `grace` before `now` (so a concurrent writer's records, written
    /// but not yet committed, are safe).
    package func collectGarbage(grace: TimeInterval = Vault.garbageGrace, now: Date = Date()) throws(VaultError)
        -> VaultGarbageReport
    {
        let all = try storage.list()
        let tree = try referencedRecords(among: all.map(\.rawValue))
        var mineByNode: [String: Bool] = [:]
        var candidates: [RecordID] = []
        for id in all {
            let name = id.rawValue
            guard name.count > 33, name.dropFirst(32).first == ".",
                let node = try? NodeID(hex: String(name.prefix(32)))
            else { continue }  // link records and anything not named by a node
            guard !tree.records.contains(name) else { continue }
            if tree.nodes.contains(node) {
                // A node of the tree: only its record versions and contents are ever replaced.
                if Self.isReplaceable(name) { candidates.append(id) }
            } else if try isOrphanOfThisTree(node, among: all, writers: tree.writers, cache: &mineByNode) {
                candidates.append(id)
            }
        }
        let seen = try state.garbageSeen()
        var stillSeen: [String: Double] = [:]
        var deleted = 0
        for id in candidates {
            if let first = seen[id.rawValue], now.timeIntervalSince1970 - first >= grace {
                storage.delete(id)
                deleted += 1
            } else {
                stillSeen[id.rawValue] = seen[id.rawValue] ?? now.timeIntervalSince1970
            }
        }
        try state.saveGarbageSeen(stillSeen)
        return VaultGarbageReport(deleted: deleted, waiting: stillSeen.count)
    }

    /// Every record the committed tree references, every node id in it, and everyone who may write in it.
    func referencedRecords(among all: [String]) throws(VaultError)
        -> (records: Set<String>, nodes: Set<NodeID>, writers: VaultWriters)
    {
        var records: Set<String> = []
        var nodes: Set<NodeID> = []
        var writers = ownWriters
        var byNode: [String: [String]] = [:]
        for name in all { byNode[String(name.prefix(32)), default: []].append(name) }
        var queue = [try ownRoot()]
        while !queue.isEmpty {
            let folder = queue.removeFirst()
            nodes.insert(folder.id)
            writers.merge(folder.writers)
            // Its commit points, share records, a keyring kept for a move under way, and (root) intents.
            records.formUnion((byNode[folder.id.hex] ?? []).filter { !Self.isReplaceable($0) })
            for chunk in folder.manifest.chunks ?? [] {
                records.insert(VaultStorage.chunkID(folder.id, hash: chunk.hash).rawValue)
            }
            for child in try children(of: folder) {
                nodes.insert(child.record.id)
                records.insert(VaultStorage.nodeRecordID(child.record.id, hash: child.record.hash).rawValue)
                if child.record.kind == .file {
                    // The current version and every earlier one it names (§4.1), each read and checked (§8.7): a
                    // version the policy keeps is referenced, and one the storage side withholds stops the run.
                    var versions = [child]
                    for previous in child.metadata.previous {
                        versions.append(try reader.previousVersion(previous, of: child, in: folder))
                    }
                    for version in versions {
                        records.insert(VaultStorage.nodeRecordID(version.record.id, hash: version.record.hash).rawValue)
                        for slot in [VaultStorage.Slot.head, .body] {
                            records.insert(
                                VaultStorage.contentID(version.record.id, slot, commitment: version.record.commitment)
                                    .rawValue)
                        }
                    }
                } else {
                    queue.append(try childFolder(child, in: folder))
                }
            }
        }
        return (records, nodes, writers)
    }

    /// A record name a writer replaces by a new one (node record versions, contents, listing chunks).
    static func isReplaceable(_ name: String) -> Bool {
        let rest = name.dropFirst(33)
        return rest.hasPrefix("node-") || rest.hasPrefix("head-") || rest.hasPrefix("body-")
            || rest.hasPrefix("chunk-")
    }

    /// True when `node` is in no listing of the tree but one of its node records names this tree and is signed by
    /// one of its writers: an `mkdir` or new-file `put` that never committed, or a node since removed.
    func isOrphanOfThisTree(
        _ node: NodeID, among all: [RecordID], writers: VaultWriters, cache: inout [String: Bool]
    ) throws(VaultError) -> Bool {
        if let known = cache[node.hex] { return known }
        var mine = false
        for id in all where id.rawValue.hasPrefix("\(node.hex).node-") {
            guard let bytes = try storage.getIfPresent(id, limit: VaultRecordLimit.node),
                let record = try? NodeRecord(parsing: bytes), record.id == node, record.treeOwner == accountID,
                (try? record.verifySignature(writers: writers)) != nil
            else { continue }
            mine = true
            break
        }
        cache[node.hex] = mine
        return mine
    }
}
