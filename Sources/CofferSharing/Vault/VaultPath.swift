// SPDX-License-Identifier: MIT

/// A path in the vault: `/a/b` (the account's own tree) or `@share/a/b` (a folder accepted under `share`).
/// Components follow the naming rules of `NodeMetadata`; `.`/`..` and empty components are refused.
public struct VaultPath: Sendable, Equatable, CustomStringConvertible {
    package enum Root: Sendable, Equatable {
        case own
        case share(String)
    }

    package let root: Root
    package let components: [String]

    public init(_ text: String) throws(VaultError) {
        var rest = Substring(text)
        if rest.hasPrefix("@") {
            let name = rest.dropFirst().prefix { $0 != "/" }
            guard !name.isEmpty else { throw .invalidName(text) }
            root = .share(String(name))
            rest = rest.dropFirst(name.count + 1)
        } else {
            root = .own
        }
        var components: [String] = []
        for part in rest.split(separator: "/", omittingEmptySubsequences: true) {
            try NodeMetadata.checkName(String(part))
            components.append(String(part))
        }
        self.components = components
    }

    init(root: Root, components: [String]) {
        self.root = root
        self.components = components
    }

    public var isRoot: Bool { components.isEmpty }
    public var name: String? { components.last }
    public var parent: VaultPath { VaultPath(root: root, components: Array(components.dropLast())) }

    public func appending(_ name: String) -> VaultPath { VaultPath(root: root, components: components + [name]) }

    public var description: String {
        let prefix = if case .share(let name) = root { "@\(name)" } else { "" }
        return prefix + "/" + components.joined(separator: "/")
    }
}
