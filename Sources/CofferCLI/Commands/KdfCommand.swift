// SPDX-License-Identifier: MIT
import ArgumentParser
import CofferKeys
import CofferPrimitives
import Foundation

/// `coffer kdf calibrate`: Argon2id costs for a target time on this device, never below the floor.
struct KdfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kdf",
        abstract: "Tune the password KDF (Argon2id) for this device.",
        subcommands: [KdfCalibrateCommand.self]
    )
}

struct KdfCalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Pick Argon2id parameters that take about --target-ms here (never below m=64 MiB, t=3).",
        discussion: """
            Starts at the floor (m=64 MiB, t=3, p=1), doubles the memory up to --max-memory-mib while the
            derivation is faster than the target, then adds passes (at most 16). Prints the parameters on stdout
            as options for `coffer account create` / `passwd`.

            Examples:
              coffer kdf calibrate
              coffer kdf calibrate --target-ms 1000 --max-memory-mib 1024
            """
    )

    @Option(help: "Target time per derivation in milliseconds (1 to 60000).") var targetMs: Int = 500
    @Option(help: "Largest memory to consider, in MiB (64 to 4096).") var maxMemoryMib: UInt32 = 1024

    func validate() throws {
        try OptionChecks.check(targetMs, in: 1...60_000, option: "--target-ms")
        try OptionChecks.check(maxMemoryMib, in: 64...4096, option: "--max-memory-mib")
    }

    func run() throws {
        try CLI.run {
            let policy = KDFPolicy.standard
            let cap = min(maxMemoryMib, policy.maximumMemoryKiB / 1024) * 1024
            var kdf = KDFProfile.moderate.parameters()
            var elapsed = try measure(kdf)
            while elapsed * 2 <= Double(targetMs), kdf.memoryKiB * 2 <= cap {
                kdf.memoryKiB *= 2
                elapsed = try measure(kdf)
            }
            while elapsed * Double(kdf.iterations + 1) / Double(kdf.iterations) <= Double(targetMs),
                kdf.iterations < policy.maximumIterations
            {
                kdf.iterations += 1
                elapsed = try measure(kdf)
            }
            try policy.check(kdf)
            CLI.note("m=\(kdf.memoryKiB / 1024) MiB, t=\(kdf.iterations), p=1 takes \(Int(elapsed)) ms here")
            try StandardOutput.write("--kdf-memory-mib \(kdf.memoryKiB / 1024) --kdf-iterations \(kdf.iterations)\n")
        }
    }

    /// Milliseconds for one derivation of a throwaway password.
    private func measure(_ kdf: KDFParameters) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try Argon2idHashing().stretch(Password("calibration"), parameters: kdf)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    }
}
