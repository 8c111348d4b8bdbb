// SPDX-License-Identifier: MIT

/// The issue's targets, each checked against this run's own numbers: PASS or MISS with the measured value.
struct Targets {
    let encrypted: [Throughput.Result]
    let decrypted: [Throughput.Result]
    let memory: [PeakMemory.Row]
    let random: [RandomAccess.Row]
    let coffer: CofferCLI?

    private func best(_ results: [Throughput.Result], _ id: String) -> Double {
        results.first { $0.row.id == id }?.best ?? .infinity
    }

    func report() -> String {
        var table = Table("Target", "Measured", "Required", "Result")
        func check(_ name: String, _ value: Double, atLeast minimum: Double) {
            table.add(name, format(value) + "×", "≥ \(format(minimum, 1))×", value >= minimum ? "PASS" : "MISS")
        }
        // With the CLI present the all-cores rows are the CLI's; before it lands, the library's file-to-file path.
        let allCores = coffer == nil ? "lib-file-n" : "cli"
        let who = coffer == nil ? "Coffer library, file → file" : "coffer CLI, stdout > file"
        for (direction, results) in [("encrypt", encrypted), ("decrypt", decrypted)] {
            check(
                "all cores \(direction) vs age (\(who))", best(results, "age") / best(results, allCores), atLeast: 1.3)
        }
        for (direction, results) in [("encrypt", encrypted), ("decrypt", decrypted)] {
            check(
                "1 thread \(direction) vs raw libsodium, in memory",
                best(results, "raw-mem-1") / best(results, "lib-mem-1"), atLeast: 0.9)
            check(
                "1 thread \(direction) vs raw libsodium, file → file",
                best(results, "raw-file-1") / best(results, "lib-file-1"), atLeast: 0.9)
        }
        let cofferRows = memory.filter {
            $0.program == (coffer == nil ? "Coffer library (child process)" : "coffer CLI")
        }
        let peak = cofferRows.map(\.peakMiB).max() ?? .infinity
        table.add(
            "peak RSS, \(cofferRows.first?.program ?? "?"), every input size", format(peak, 1) + " MiB",
            "≤ 32 MiB", peak <= 32 ? "PASS" : "MISS")
        let chunks = random.map(\.chunks).max() ?? .max
        table.add("chunks opened for a 1 MiB ranged read", "\(chunks)", "≤ 17", chunks <= 17 ? "PASS" : "MISS")
        return "### Targets\n\n" + table.markdown + "\n"
    }
}
