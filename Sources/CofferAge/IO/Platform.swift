// SPDX-License-Identifier: MIT
import Foundation

/// The few facts about the machine the format layer needs.
package enum Platform {
    /// Cores available to this process, for sizing parallel chunk batches.
    package static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
