// SPDX-License-Identifier: MIT
import CofferKeys
import Hummingbird

/// `/v1/vaults/{vault}/members/{owner}/{member}/{folder}` (Spec/server.md §6.2): write access in a tree. A signed
/// `PUT` by the owner grants it (when sharing `folder`), by the member accepts it (when accepting the share); the
/// member writes the owner's records while both hold. A signed `DELETE` by either ends it (unsharing, leaving).
/// Anyone else is `403`; the server never checks `folder` against the vault, it only keeps one grant per share.
struct MemberRoutes: Sendable {
    let store: any ServerStore
    let authenticator: RequestAuthenticator

    func add(to router: Router<ServerContext>) {
        let path: RouterPath = "v1/vaults/:vault/members/:owner/:member/:folder"
        router.put(path) { request, context in try await change(request, context, remove: false) }
        router.delete(path) { request, context in try await change(request, context, remove: true) }
    }

    func change(_ request: Request, _ context: ServerContext, remove: Bool) async throws -> Response {
        guard let vault = context.parameters.get("vault").flatMap(ServerNames.vault) else {
            throw HTTPError(.badRequest, message: "invalid vault name")
        }
        let hexes = ["owner", "member", "folder"].map { context.parameters.get($0) ?? "" }
        guard hexes.allSatisfy({ (try? AccountID(hex: $0)) != nil }), hexes[0] != hexes[1] else {
            throw HTTPError(.badRequest, message: "owner, member and folder are 32 lowercase hex digits")
        }
        let (owner, member, folder) = (hexes[0], hexes[1], hexes[2])
        guard let account = try await authenticator.account(of: request) else { throw RecordRoutes.signatureRequired }
        guard account == owner || account == member else {
            throw HTTPError(.forbidden, message: "only the owner or the member changes a membership")
        }
        if remove {
            try await store.removeMember(vault: vault, owner: owner, member: member, folder: folder)
        } else {
            let side: MemberSide = account == owner ? .owner : .member
            try await store.setMember(vault: vault, owner: owner, member: member, folder: folder, side: side)
        }
        return Response(status: .noContent)
    }
}
