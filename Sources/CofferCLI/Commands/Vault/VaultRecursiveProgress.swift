// SPDX-License-Identifier: MIT
import Foundation

/// The progress line of `vault put -r` / `vault get -r` on stderr — files and bytes done of the total, redrawn at
/// most ten times a second — only when stderr is a terminal; on anything else it writes nothing.
final class VaultRecursiveProgress {
    private let enabled: Bool
    private let totalFiles: Int
    private let totalBytes: UInt64
    private var files = 0
    private var bytes: UInt64 = 0
    private var lastDrawn = Date.distantPast
    private var drawn = false

    init(files: Int, bytes: UInt64, enabled: Bool = CLI.isTerminal(2)) {
        self.enabled = enabled
        totalFiles = files
        totalBytes = bytes
    }

    /// One more file done, of `size` bytes.
    func fileDone(size: UInt64) {
        files += 1
        bytes += size
        guard enabled, Date().timeIntervalSince(lastDrawn) >= 0.1 || files == totalFiles else { return }
        draw()
    }

    /// Ends the line (only if one was drawn).
    func finish() {
        guard enabled, drawn else { return }
        draw()
        StandardError.write("\n")
    }

    /// A warning on its own line (the progress line, if any, is redrawn by the next file).
    func warn(_ message: String) {
        let text = ErrorPresenter.present(CLIFailure(message)).message
        StandardError.write((drawn ? "\r\u{1B}[K" : "") + "coffer: warning: \(text)\n")
    }

    private func draw() {
        lastDrawn = Date()
        drawn = true
        let width = 30
        let fraction = totalBytes > 0 ? Double(bytes) / Double(totalBytes) : Double(files) / Double(max(totalFiles, 1))
        let filled = min(width, Int(fraction * Double(width)))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        StandardError.write(
            "\r\u{1B}[Kcoffer: [\(bar)] \(files)/\(totalFiles) files, \(Self.size(bytes)) of \(Self.size(totalBytes))")
    }

    static func size(_ bytes: UInt64) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : bytes >= 1 << 10 ? "\(bytes >> 10) KiB" : "\(bytes) B"
    }
}
