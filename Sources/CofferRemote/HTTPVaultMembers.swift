// SPDX-License-Identifier: MIT
import CofferKeys
import CofferSharing
import Foundation

/// Write access on the server (Spec/server.md §6.2): `/v1/vaults/{vault}/members/{owner}/{member}/{folder}`. The
/// owner's signed `PUT` grants (when sharing the folder), the member's signed `PUT` accepts (when accepting the
/// share); the member writes the owner's records only while both hold. The owner's signed `DELETE` (unsharing) or
/// the member's (leaving) ends it.
extension HTTPRecordStore {
    func memberURL(owner: AccountID, member: AccountID, folder: NodeID) -> URL {
        server.appendingPathComponent("v1/vaults/\(vault)/members/\(owner.hex)/\(member.hex)/\(folder.hex)")
    }

    /// Grants (signed by the owner) or accepts (signed by the member) write access for `member` in `folder`.
    package func grantMember(owner: AccountID, member: AccountID, folder: NodeID) throws(VaultStoreError) {
        let reply = try send("PUT", url: memberURL(owner: owner, member: member, folder: folder), id: nil, limit: 4096)
        guard (200...204).contains(reply.status) else {
            throw Self.unexpected(reply, "registering member \(member) of folder \(folder.hex)")
        }
    }

    /// Ends write access for `member` in `folder` (signed by the owner or by the member); absent is not an error.
    package func removeMember(owner: AccountID, member: AccountID, folder: NodeID) throws(VaultStoreError) {
        let reply = try send(
            "DELETE", url: memberURL(owner: owner, member: member, folder: folder), id: nil, limit: 4096)
        guard [200, 204, 404].contains(reply.status) else {
            throw Self.unexpected(reply, "removing member \(member) of folder \(folder.hex)")
        }
    }
}
