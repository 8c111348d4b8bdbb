// SPDX-License-Identifier: MIT

/// What `coffer --version` prints: the release, and the formats it reads and writes.
enum CofferVersion {
    /// The release of the `coffer` command. Raise it with each tagged release.
    static let release = "0.18.0"

    static let text = "coffer \(release) (age v1, vault records v1, link format v1)"
}
