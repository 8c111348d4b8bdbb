// SPDX-License-Identifier: MIT
import Foundation

/// The few facts about the machine the format layer needs.
public enum Platform {
    /// Cores available to this process, for sizing parallel chunk batches.
    public static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
