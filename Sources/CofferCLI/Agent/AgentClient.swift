// SPDX-License-Identifier: MIT
import CofferKeys
import CofferPrimitives
import Foundation
import Glibc

/// The client side of the agent protocol (Spec/agent.md §3): one connection per request. Before sending anything
/// it checks that the listener runs as this uid (`SO_PEERCRED`), so a socket planted by another user never
/// receives a key.
struct AgentClient {
    let socket: AgentSocketPath

    init(socket: AgentSocketPath = .resolve()) { self.socket = socket }

    /// What `status` reports: the seconds left before the agent wipes its keys and exits, and the accounts held.
    struct Status {
        let secondsLeft: UInt32
        let accounts: [AccountID]
    }

    /// The secrets an agent hands back for one account.
    struct HeldAccount {
        let masterKey: MasterKey
        let authentication: AuthenticationSecret
    }

    func request(_ message: AgentMessage) throws(AgentError) -> AgentMessage {
        try socket.checkLengthForClient()
        let fd = try AgentSocket.connect(socket.path)
        defer { close(fd) }
        let uid = AgentSocket.peerUID(fd)
        guard uid == getuid() else { throw .foreignListener(uid: uid ?? UInt32.max) }
        var frame = message.encoded()
        defer { zeroize(&frame) }
        guard AgentSocket.writeAll(fd, frame) else { throw .system("the agent closed the connection") }
        let response: AgentMessage
        do {
            response = try AgentSocket.readMessage(fd)
        } catch {
            throw .protocolViolation("the agent's answer is not a valid message (\(error))")
        }
        switch response.type {
        case .ok: return response
        case .error:
            guard response.body.count == 1, let code = AgentRefusal(rawValue: response.body[0]) else {
                throw .protocolViolation("unknown error code from the agent")
            }
            throw .refused(code)
        default: throw .protocolViolation("the agent answered with a request type")
        }
    }

    func status() throws(AgentError) -> Status {
        let body = try request(AgentMessage(.status)).body
        guard body.count >= 5 else { throw .protocolViolation("short status") }
        let seconds = body[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let count = Int(body[4])
        guard body.count == 5 + count * AccountID.byteCount else { throw .protocolViolation("status length") }
        var accounts: [AccountID] = []
        for index in 0..<count {
            let start = 5 + index * AccountID.byteCount
            do {
                accounts.append(try AccountID(bytes: Array(body[start..<start + AccountID.byteCount])))
            } catch {
                throw .protocolViolation("status account id")
            }
        }
        return Status(secondsLeft: seconds, accounts: accounts)
    }

    /// Hands an unlocked account's master key and login secret to the agent.
    func add(_ account: UnlockedAccount) throws(AgentError) {
        guard let login = account.loginCredential as? PasswordDerivedLogin else {
            throw .system("this account's login secret cannot be held by the agent")
        }
        var body =
            account.accountID.bytes + account.masterKey.secret.revealedBytes()
            + login.authenticationSecret.secret.revealedBytes()
        defer { zeroize(&body) }
        var message = AgentMessage(.add, body: body)
        defer { zeroize(&message.body) }
        _ = try request(message)
    }

    /// The account's secrets when an agent runs and holds it; nil when no agent runs or it does not hold the account.
    func held(_ id: AccountID) throws(AgentError) -> HeldAccount? {
        var response: AgentMessage
        do {
            response = try request(AgentMessage(.get, body: id.bytes))
        } catch AgentError.notRunning {
            return nil
        } catch AgentError.refused(.notHeld) {
            return nil
        }
        defer { zeroize(&response.body) }
        guard response.body.count == MasterKey.byteCount + AuthenticationSecret.byteCount else {
            throw .protocolViolation("a key of the wrong length")
        }
        let master = SecretBytes(response.body[0..<MasterKey.byteCount])
        let login = SecretBytes(response.body[MasterKey.byteCount...])
        return HeldAccount(
            masterKey: MasterKey(validated: master), authentication: AuthenticationSecret(validated: login))
    }

    func stop() throws(AgentError) { _ = try request(AgentMessage(.stop)) }
}

extension AgentSocketPath {
    /// A path too long for `sockaddr_un` cannot be an agent's: treated as "no agent" by clients.
    func checkLengthForClient() throws(AgentError) {
        guard path.utf8.count <= Self.maximumLength else { throw .notRunning }
    }
}
