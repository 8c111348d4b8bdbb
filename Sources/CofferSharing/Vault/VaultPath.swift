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

    /// Parses `/a/b` or `@share/a/b`; `invalidName` for an empty share name or a component the vault refuses.
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

    /// True for `/` (or a share's top folder).
    public var isRoot: Bool { components.isEmpty }
    /// The last component; nil at the root.
    public var name: String? { components.last }
    /// The path without its last component (the root's parent is the root).
    public var parent: VaultPath { VaultPath(root: root, components: Array(components.dropLast())) }

    /// The path with `name` added below it (not checked: `name` comes from a verified listing or a parsed path).
    public func appending(_ name: String) -> VaultPath { VaultPath(root: root, components: components + [name]) }

    public var description: String {
        let prefix = if case .share(let name) = root { "@\(name)" } else { "" }
        return prefix + "/" + components.joined(separator: "/")
    }
}
