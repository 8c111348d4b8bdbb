// SPDX-License-Identifier: MIT

/// One pinned contact: the bundle first seen (trust on first use) and whether its fingerprint was compared.
public struct ContactPin: Sendable, Codable, Equatable {
    /// The name the user gave the contact.
    public let name: String
    /// The bundle's text form (`coffer-identity1…`).
    public let bundle: String
    /// The bundle's fingerprint, as compared out of band.
    public let fingerprint: String
    /// True once the user compared the fingerprint out of band (`coffer contact verify`).
    public let verified: Bool
}

/// The device's contact pins. Trust on first use: the first bundle seen for a name is pinned; a later,
/// different key for that name is a hard error (`pinnedKeyChanged`) until the user compares the new
/// fingerprint out of band and re-pins with `verify(_:typedFingerprint:newBundle:)`.
///
/// Post-quantum keys (Spec/accounts.md §10): a pin that holds one never goes back — a bundle of the same account
/// without it is `postQuantumKeyMissing`, even through `verify` — and a pin without one is upgraded in place,
/// keeping its verified mark, by a bundle with the same X25519 and Ed25519 keys that adds one (the pinned
/// Ed25519 key signed it).
public struct PinStore: Sendable {
    package let device: DeviceState
    static let file = "contacts.json"

    /// The contact pins kept in `device`.
    public init(device: DeviceState) { self.device = device }

    /// What `add` did.
    public enum AddOutcome: Sendable, Equatable {
        /// A new pin; `upgraded`: the pin gained the contact's post-quantum key.
        case pinned, alreadyPinned, upgraded
    }

    /// Pins `bundle` under `name` (already verified by `IdentityBundle`'s reader), or confirms the same key.
    public func add(name: String, bundle: IdentityBundle) throws(KeysError) -> AddOutcome {
        try Self.check(name: name)
        var pins = try device.load([String: ContactPin].self, Self.file)
        if let pinned = pins[name] {
            let pinnedBundle = try IdentityBundle(text: pinned.bundle)
            if pinnedBundle == bundle { return .alreadyPinned }
            try Self.refuseDowngrade(from: pinnedBundle, to: bundle, contact: name)
            guard pinnedBundle.keys == bundle.keys.classical, pinnedBundle.keys.hybrid == nil else {
                throw .pinnedKeyChanged(
                    contact: name, pinned: pinned.fingerprint, presented: bundle.fingerprint.description)
            }
            pins[name] = ContactPin(
                name: name, bundle: bundle.text, fingerprint: bundle.fingerprint.description, verified: pinned.verified)
            try device.save(pins, Self.file)
            return .upgraded
        }
        pins[name] = ContactPin(
            name: name, bundle: bundle.text, fingerprint: bundle.fingerprint.description, verified: false)
        try device.save(pins, Self.file)
        return .pinned
    }

    /// Marks `name` verified after the user compared `typedFingerprint`. With `newBundle`, replaces a changed
    /// key — only when the typed fingerprint matches the new bundle.
    @discardableResult
    public func verify(
        name: String, typedFingerprint: String, newBundle: IdentityBundle? = nil
    ) throws(KeysError) -> ContactPin {
        var pins = try device.load([String: ContactPin].self, Self.file)
        guard let pinned = pins[name] else { throw .notFound("contact \"\(name)\"") }
        let pinnedBundle = try IdentityBundle(text: pinned.bundle)
        let bundle = newBundle ?? pinnedBundle
        try Self.refuseDowngrade(from: pinnedBundle, to: bundle, contact: name)
        try bundle.fingerprint.verify(typed: typedFingerprint)
        let pin = ContactPin(
            name: name, bundle: bundle.text, fingerprint: bundle.fingerprint.description, verified: true)
        pins[name] = pin
        try device.save(pins, Self.file)
        return pin
    }

    /// The pinned bundle for `name`, re-verified on every read (the device file is not trusted blindly).
    public func bundle(for name: String) throws(KeysError) -> IdentityBundle {
        guard let pinned = try device.load([String: ContactPin].self, Self.file)[name] else {
            throw .notFound("contact \"\(name)\"")
        }
        return try IdentityBundle(text: pinned.bundle)
    }

    /// Every pin, sorted by name.
    public func list() throws(KeysError) -> [ContactPin] {
        try device.load([String: ContactPin].self, Self.file).values.sorted { $0.name < $1.name }
    }

    /// `postQuantumKeyMissing` when `presented` is `pinned`'s account without the post-quantum key the pin holds.
    static func refuseDowngrade(
        from pinned: IdentityBundle, to presented: IdentityBundle, contact: String
    ) throws(KeysError) {
        guard pinned.keys.isPostQuantum, !presented.keys.isPostQuantum, pinned.accountID == presented.accountID
        else { return }
        throw .postQuantumKeyMissing(account: "contact \"\(contact)\"", reason: "its pinned bundle has one")
    }

    static func check(name: String) throws(KeysError) {
        guard !name.isEmpty, name.count <= 64,
            !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .notFound("contact name \"\(name)\" (1 to 64 printable characters)") }
    }
}
