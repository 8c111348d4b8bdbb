// SPDX-License-Identifier: MIT
import Coffer
import Foundation

/// The post-quantum hybrid recipient (`mlkem768x25519`, ML-KEM-768 + X25519) against the classical X25519 one:
/// wraps and unwraps per second, and what each costs in header bytes, in one table (`--recipients-only` runs
/// just this).
enum RecipientCosts {
    struct Row {
        let kind: String
        let wrapsPerSecond: Double
        let unwrapsPerSecond: Double
        let stanzaBytes: Int
        let header1: Int
        let header10: Int
    }

    static func rows() -> [Row] {
        let x25519 = X25519Identity.generate()
        let hybrid = try! HybridIdentity.generate()
        return [
            row("X25519 (age1…)", recipient: x25519.recipient, identity: x25519) {
                X25519Identity.generate().recipient
            },
            row("ML-KEM-768 + X25519 hybrid (age1pq1…)", recipient: hybrid.recipient, identity: hybrid) {
                try! HybridIdentity.generate().recipient
            },
        ]
    }

    /// Rates of `recipient.wrap` and `identity.unwrap` (the stanza addressed to it, first in the header), the
    /// size of one stanza, and the size of a whole header (`age-encryption.org/v1` … MAC line) for 1 and 10
    /// recipients of this kind.
    static func row(
        _ kind: String, recipient: any Recipient, identity: any Identity, another: () -> any Recipient
    ) -> Row {
        progress("recipient costs: \(kind)")
        let fileKey = FileKey.generate()
        let stanzas = try! recipient.wrapping().wrap(fileKey)
        let wraps = KDFAndKeys.rate { _ = try! recipient.wrapping().wrap(fileKey) }
        let unwraps = KDFAndKeys.rate { precondition(try! identity.unwrapFileKey(stanzas) == fileKey) }
        let one = Header(stanzas: stanzas, fileKey: fileKey).encoded.count
        var ten = stanzas
        for _ in 1..<10 { ten += try! another().wrapping().wrap(fileKey) }
        let stanzaBytes = stanzas.map(\.encoded.count).reduce(0, +)
        return Row(
            kind: kind, wrapsPerSecond: wraps, unwrapsPerSecond: unwraps, stanzaBytes: stanzaBytes, header1: one,
            header10: Header(stanzas: ten, fileKey: fileKey).encoded.count)
    }

    static func markdown(_ rows: [Row]) -> String {
        var table = Table(
            "Recipient type", "Wrap / s", "Unwrap / s", "Stanza (bytes)", "Header, 1 recipient (bytes)",
            "Header, 10 recipients (bytes)")
        for row in rows {
            table.add(
                row.kind, format(row.wrapsPerSecond, 0), format(row.unwrapsPerSecond, 0), "\(row.stanzaBytes)",
                "\(row.header1)", "\(row.header10)")
        }
        let classical = rows[0]
        let notes = rows.dropFirst().map { row in
            "- \(row.kind): wrap \(ratio(row.wrapsPerSecond, classical.wrapsPerSecond)), unwrap "
                + "\(ratio(row.unwrapsPerSecond, classical.unwrapsPerSecond)) of X25519's rate; a header "
                + "\(ratio(Double(row.header1), Double(classical.header1))) the size for one recipient"
        }
        return "### Recipient types: post-quantum hybrid vs X25519\n\n\(table.markdown)\n\n"
            + notes.joined(separator: "\n") + "\n"
    }
}
