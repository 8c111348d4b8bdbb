// SPDX-License-Identifier: MIT
import Foundation

/// The `coffer` binary built next to CofferBench (`./dev bench` builds both), used once it has `encrypt`.
struct CofferCLI {
    let path: String

    /// The CLI when present and able to encrypt; nil before the format issue's CLI has landed.
    static func find() -> CofferCLI? {
        let path = (ChildProcess.selfPath as NSString).deletingLastPathComponent + "/coffer"
        guard FileManager.default.isExecutableFile(atPath: path),
            ChildProcess.output(path, ["encrypt", "--help"])?.contains("coffer encrypt") == true
        else { return nil }
        return CofferCLI(path: path)
    }

    /// `coffer encrypt -r RECIPIENT [-o OUTPUT] INPUT` (without `-o` the ciphertext goes to stdout).
    func encryptArguments(_ recipient: String, _ input: String, _ output: String?) -> [String] {
        ["encrypt", "-r", recipient] + (output.map { ["-o", $0] } ?? []) + [input]
    }

    /// `coffer decrypt -i IDENTITY-FILE [-o OUTPUT] INPUT`.
    func decryptArguments(_ identityFile: String, _ input: String, _ output: String?) -> [String] {
        ["decrypt", "-i", identityFile] + (output.map { ["-o", $0] } ?? []) + [input]
    }
}
