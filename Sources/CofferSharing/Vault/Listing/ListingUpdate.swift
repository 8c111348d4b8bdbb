// SPDX-License-Identifier: MIT
import CofferKeys

/// How a writer cuts a listing into chunks: at most `maximum` children per chunk (a chunk over it is split into
/// pieces of at most `split`), and a changed chunk under `minimum` is merged into a neighbour. Readers accept any
/// cut of 1…512 per chunk; `standard` is what every writer uses, and tests cut finer through `@testable import` to
/// exercise splits and merges on small trees.
struct ListingShape: Sendable {
    let maximum: Int
    let split: Int
    let minimum: Int

    static let standard = ListingShape(
        maximum: ListingChunk.maximumEntries, split: ListingChunk.maximumEntries / 2,
        minimum: ListingChunk.minimumEntries)
}

/// What a writer stores to change a listing (Spec/vault.md §10.3): the chunks of the next head, in order; those of
/// them that are new (to create before the head); and the hashes of the current chunks the next head no longer pins
/// (to delete after it is committed).
struct ListingUpdate {
    let chunks: [ListingChunk]
    let created: [ListingChunk]
    let dropped: [[UInt8]]

    var childCount: Int { chunks.reduce(0) { $0 + $1.entries.count } }
}

extension FolderListing {
    /// The next listing for head version `version`: entries of `removing` taken out, `adding` put in (replacing an
    /// entry of the same id). Each change lands in the chunk whose id range holds it; only the chunks that change
    /// are rewritten — split into pieces of at most 256 when over 512, merged with a neighbour when under 128 and
    /// not alone, dropped when empty (`shape`) — so one change rewrites one to three chunks whatever the folder's
    /// size. A single-record listing (`base`: its entries with their name tags, filled by the caller) is cut anew.
    func updated(
        adding: [Manifest.Entry], removing: Set<NodeID>, treeOwner: AccountID, folder: NodeID, version: UInt64,
        base: [Manifest.Entry]? = nil, shape: ListingShape = .standard
    ) -> ListingUpdate {
        // The current pieces: each chunk (kept as is unless a change lands in it), or one piece for a single record.
        struct Piece {
            var entries: [Manifest.Entry]
            var original: ListingChunk?
        }
        var pieces: [Piece]
        if let chunks {
            pieces = chunks.map { Piece(entries: $0.entries, original: $0) }
        } else {
            let all = base ?? entries
            pieces = all.isEmpty ? [] : [Piece(entries: all, original: nil)]
        }
        if pieces.isEmpty, !adding.isEmpty { pieces = [Piece(entries: [], original: nil)] }
        // Where an id belongs: the last piece whose first id is not above it (the first piece for a smaller id).
        let firsts = pieces.map { $0.entries.first?.id }
        func piece(of id: NodeID) -> Int {
            var low = 0
            var high = firsts.count
            while low < high {
                let middle = (low + high) / 2
                if let first = firsts[middle], first <= id { low = middle + 1 } else { high = middle }
            }
            return max(low - 1, 0)
        }
        var added: [Int: [NodeID: Manifest.Entry]] = [:]
        var removed: [Int: Set<NodeID>] = [:]
        for id in removing where !pieces.isEmpty { removed[piece(of: id), default: []].insert(id) }
        for entry in adding { added[piece(of: entry.id), default: [:]][entry.id] = entry }
        for index in Set(added.keys).union(removed.keys) {
            var byID: [NodeID: Manifest.Entry] = [:]
            let gone = removed[index] ?? []
            for entry in pieces[index].entries where !gone.contains(entry.id) { byID[entry.id] = entry }
            byID.merge(added[index] ?? [:]) { _, new in new }
            let changed = byID.values.sorted { $0.id < $1.id }
            if changed != pieces[index].entries || pieces[index].original == nil {
                pieces[index] = Piece(entries: changed, original: nil)
            }
        }
        // Rebalance what changed; keep the rest.
        var out: [Piece] = []
        var index = 0
        while index < pieces.count {
            var current = pieces[index]
            index += 1
            if current.original != nil {
                out.append(current)
                continue
            }
            if current.entries.count < shape.minimum, pieces.count > 1 {
                if index < pieces.count {
                    current.entries += pieces[index].entries
                    index += 1
                } else if let previous = out.popLast() {
                    current.entries = previous.entries + current.entries
                }
            }
            if current.entries.isEmpty { continue }
            let count = current.entries.count
            let parts = count > shape.maximum ? (count + shape.split - 1) / shape.split : 1
            for part in 0..<parts {
                let slice = current.entries[(count * part / parts)..<(count * (part + 1) / parts)]
                out.append(Piece(entries: Array(slice), original: nil))
            }
        }
        let made = out.map { piece in
            piece.original
                ?? ListingChunk.make(treeOwner: treeOwner, folder: folder, written: version, entries: piece.entries)
        }
        let kept = Set(out.compactMap { $0.original?.hash })
        return ListingUpdate(
            chunks: made, created: zip(out, made).filter { $0.0.original == nil }.map(\.1),
            dropped: (chunks ?? []).map(\.hash).filter { !kept.contains($0) })
    }
}
