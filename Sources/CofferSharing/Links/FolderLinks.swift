// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives

/// Folder links (Spec/links.md §8): the same link, record and envelope with kind folder, granting a 32-byte folder
/// key read-only. Where the vault stores the envelope is the vault's business; these functions make and open it.
package enum FolderLinks {
    /// A fresh link to the folder `folderID` under `folderKey`, and the envelope to store under its lookup id. With
    /// `owner` (the vault tree owner's account id, and the key's `epoch`) the record is version 2 and names both under
    /// the signature.
    package static func makeLink(
        folderKey: SecretBytes, folderID: [UInt8], owner: AccountID? = nil, epoch: UInt32 = 1,
        options: FileLinks.Options, secret: LinkSecret = .generate(), policy: KDFPolicy = .standard,
        hashing: any PasswordHashing = Argon2idHashing()
    ) throws(LinkError) -> (link: ShareLink, envelope: LinkEnvelope) {
        let link = try ShareLink(secret: secret, baseURL: options.baseURL)
        let kdf = options.password == nil ? nil : options.kdf
        var record = LinkRecord(
            lookupID: secret.lookupID, kind: .folder,
            commitment: LinkRecord.commitment(folderKey: folderKey, folderID: folderID), expiry: options.expiry,
            kdf: kdf, owner: owner)
        if owner != nil { record.epoch = epoch }
        let wrapKey = try secret.wrapKey(password: options.password, parameters: kdf, policy: policy, hashing: hashing)
        return (link, LinkEnvelope(record: record, key: folderKey, wrapKey: wrapKey, secret: secret))
    }

    /// Opens a stored envelope: record checks, KDF, unwrap (`LinkOpener`), then the commitment to `folderID`.
    package static func open(_ envelope: LinkEnvelope, with opener: LinkOpener, folderID: [UInt8])
        throws(LinkError) -> SecretBytes
    {
        let folderKey = try opener.unwrapKey(envelope, kind: .folder)
        let expected = LinkRecord.commitment(folderKey: folderKey, folderID: folderID)
        guard ConstantTime.equals(expected, envelope.record.commitment) else { throw .targetMismatch }
        return folderKey
    }
}
