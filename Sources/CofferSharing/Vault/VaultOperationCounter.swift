// SPDX-License-Identifier: MIT
import Foundation

/// Counts the public-key operations a vault performs (X25519 scalar multiplications, MLKEM768-X25519
/// encapsulations and decapsulations, Ed25519 signatures and verifications), so tests and benchmarks can show
/// that sharing a folder costs O(1) of them per recipient whatever the number of files. Symmetric operations are not counted.
package final class VaultOperationCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var x25519 = 0
    private var signs = 0
    private var verifies = 0
    private var kem = 0

    /// A counter at zero.
    package init() {}

    package var x25519Operations: Int { lock.withLock { x25519 } }
    package var signatures: Int { lock.withLock { signs } }
    package var verifications: Int { lock.withLock { verifies } }
    /// X-Wing encapsulations (a share to a post-quantum key) and decapsulations (opening one).
    package var keyEncapsulations: Int { lock.withLock { kem } }
    package var publicKeyOperations: Int { lock.withLock { x25519 + signs + verifies + kem } }

    package func reset() { lock.withLock { (x25519, signs, verifies, kem) = (0, 0, 0, 0) } }

    func countX25519(_ n: Int = 1) { lock.withLock { x25519 += n } }
    func countSignature() { lock.withLock { signs += 1 } }
    func countVerification() { lock.withLock { verifies += 1 } }
    func countKeyEncapsulation() { lock.withLock { kem += 1 } }
}
