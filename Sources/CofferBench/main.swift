// SPDX-License-Identifier: MIT
// CofferBench: Coffer against its peers, side by side in one run, as ratios. Run it with `./dev bench`.
import Coffer
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "__child" { PeakMemory.child(Array(arguments.dropFirst())) }
let options = BenchOptions(arguments: arguments)
if options.recipientsOnly {
    print("## Coffer benchmark, recipient types only\n\nCommand: `./dev bench --recipients-only`\n")
    print("\(Machine.describe())\n")
    print(RecipientCosts.markdown(RecipientCosts.rows()))
    exit(0)
}

let workload = Workload()
defer { workload.cleanUp() }
if options.vaultTree {
    guard let coffer = CofferCLI.find() else { fail("--vault-tree needs the coffer CLI next to this binary") }
    let loadBefore = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    let rows = VaultTree(
        coffer: coffer, workload: workload, files: options.files, fileBytes: 4096, largeMiB: options.sizeMiB,
        runs: options.runs
    ).measure()
    let loadAfter = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    print("## Vault folders and large files through the coffer CLI\n")
    print("Command: `CofferBench \(arguments.joined(separator: " "))`\n\n\(Machine.describe())")
    print("- Load average when the run started: \(loadBefore.prefix(14)); when it ended: \(loadAfter.prefix(14))\n")
    print(VaultTree.markdown(rows))
    workload.cleanUp()
    exit(0)
}
let bytes = options.sizeMiB << 20
progress("writing \(options.sizeMiB) MiB and 16 MiB test files in \(workload.directory)")
workload.makePlaintext("plain", mebibytes: options.sizeMiB)
workload.makePlaintext("small", mebibytes: 16)
let coffer = CofferCLI.find()
if coffer == nil { progress("no coffer CLI with `encrypt` next to this binary: CLI rows are left out") }

let loadBefore =
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
    .joined(separator: " ") ?? "?"

// Throughput: encrypt first (it makes age's and the raw ciphertexts the decrypt rows read), then decrypt.
let throughput = Throughput(workload: workload, plain: "plain", bytes: bytes, coffer: coffer)
let encryptRows = throughput.encryptRows()
let encrypted = throughput.measure(.encrypt, encryptRows, runs: options.runs)
let decryptRows = throughput.decryptRows()
let decrypted = throughput.measure(.decrypt, decryptRows, runs: options.runs)
InMemory.shared = InMemory()
// Every output but age's ciphertext, which the random-access rows read.
for name in (encryptRows + decryptRows).compactMap(\.output) where name != "enc-age" { workload.remove(name) }

let random = RandomAccess(workload: workload, ciphertext: "enc-age", plaintextBytes: UInt64(bytes)).measure(
    runs: options.runs)
let memory = PeakMemory(workload: workload, coffer: coffer).measure([("small", 16), ("plain", options.sizeMiB)])
let kdf = options.skipKDF ? [] : KDFAndKeys.argon2(runs: options.runs)
let keyOperations = KDFAndKeys.keyOperations() + SharingCosts.linkOperations()
let vaultOperations = SharingCosts.vaultOperations(in: workload.directory)
let recipientCosts = RecipientCosts.rows()

// The report (markdown on stdout).
let loadAfter =
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
    .joined(separator: " ") ?? "?"
func best(_ results: [Throughput.Result], _ id: String) -> Double? { results.first { $0.row.id == id }?.best }
let mib = Double(bytes) / 1_048_576
print(
    """
    ## Coffer benchmark, \(options.sizeMiB) MiB file, best of \(options.runs) runs (wall clock)

    Command: `./dev bench\(arguments.isEmpty ? "" : " " + arguments.joined(separator: " "))`

    \(Machine.describe())
    - Load average (1, 5, 15 min) when the run started: \(loadBefore); when it ended: \(loadAfter)

    """)
for (direction, results) in [(Throughput.Direction.encrypt, encrypted), (.decrypt, decrypted)] {
    var table = Table(
        "Implementation", "Threads", "I/O", "Best (s)", "MiB/s", "vs age", "vs raw libsodium (same threads, I/O)",
        "vs raw OpenSSL (same threads, I/O)")
    let age = best(results, "age")
    for result in results {
        let tag = result.row.id.hasSuffix("-1") ? "1" : "n"
        let io = result.row.io == "memory" ? "mem" : "file"
        let isRawOrAge = result.row.id.hasPrefix("raw") || result.row.id == "age"
        let versus = ChaCha20Poly1305.Backend.allCases.map { backend in
            isRawOrAge ? "—" : ratio(best(results, Throughput.rawID(backend, io, tag)) ?? 0, result.best)
        }
        table.add(
            result.row.implementation, result.row.threads, result.row.io, format(result.best, 3),
            format(mib / result.best, 0), ratio(age ?? 0, result.best), versus[0], versus[1])
    }
    print("### \(direction.rawValue.capitalized) throughput (ratios > 1× mean faster than the reference)\n")
    print(table.markdown + "\n")
}

var memoryTable = Table("Program", "Operation", "Input (MiB)", "Peak RSS (MiB)")
for row in memory { memoryTable.add(row.program, row.direction, "\(row.inputMiB)", format(row.peakMiB, 1)) }
print("### Peak resident memory (ru_maxrss of the child process)\n\n\(memoryTable.markdown)\n")

let ageDecrypt = best(decrypted, "age") ?? 0
var randomTable = Table(
    "1 MiB read through SeekableDecryptor", "Plaintext offset", "Time (ms)", "Chunks opened",
    "Full `age -d` (ms)", "Speed-up")
for row in random {
    randomTable.add(
        row.place, "\(row.offset)", format(row.seconds * 1000, 1), "\(row.chunks)",
        format(ageDecrypt * 1000, 0), ratio(ageDecrypt, row.seconds))
}
print("### Random access (time includes opening the header and unwrapping the file key)\n\n\(randomTable.markdown)\n")

if !kdf.isEmpty {
    var kdfTable = Table(
        "Argon2id profile", "Argon2.deriveKey automatic (ms)", "libargon2 forced (ms)",
        "libsodium forced (ms)", "automatic vs libargon2", "automatic vs libsodium", "Outputs identical")
    for row in kdf {
        let (auto, argon2, sodium) = (row.seconds[.automatic]!, row.seconds[.libargon2]!, row.seconds[.libsodium]!)
        kdfTable.add(
            row.profile, format(auto * 1000, 0), format(argon2 * 1000, 0), format(sodium * 1000, 0),
            ratio(argon2, auto), ratio(sodium, auto), row.identical ? "yes" : "NO")
    }
    print("### Argon2id per account profile (CofferKeys.KDFProfile; v1.3, 32-byte output, 16-byte salt)\n")
    print(kdfTable.markdown + "\n")
}

var keysTable = Table("Key operation", "Operations per second (1 thread)")
for (name, rate) in keyOperations { keysTable.add(name, format(rate, 0)) }
print("### Key operations\n\n\(keysTable.markdown)\n")
print(RecipientCosts.markdown(recipientCosts))

var vaultTable = Table(
    "Vault operation (VaultDirectoryStore on disk)", "Time (ms)", "X25519", "X-Wing", "Ed25519 signs",
    "Ed25519 verifies")
for row in vaultOperations {
    vaultTable.add(
        row.operation, format(row.seconds * 1000, 1), "\(row.x25519)", "\(row.encapsulations)",
        "\(row.signatures)", "\(row.verifications)")
}
print("### Sharing and revoking (public-key operations counted by the vault)\n\n\(vaultTable.markdown)\n")

print(Targets(encrypted: encrypted, decrypted: decrypted, memory: memory, random: random, coffer: coffer).report())
