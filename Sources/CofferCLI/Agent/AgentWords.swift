// SPDX-License-Identifier: MIT

/// The agent's errors in words (the library-style `AgentError` stays structured; the CLI speaks).
extension AgentError {
    var failure: CLIFailure {
        switch self {
        case .notRunning:
            CLIFailure("no agent is running", hint: "start one with coffer agent start")
        case .refused(let refusal):
            CLIFailure("\(refusal)")
        case .foreignListener(let uid):
            CLIFailure(
                message: "the agent's socket is served by another user (uid \(uid)): nothing was sent to it",
                hints: ["someone may be trying to catch your keys: remove the socket or set $COFFER_AGENT_SOCK"])
        case .protocolViolation(let what):
            CLIFailure("the agent broke the protocol: \(what)", hint: "coffer agent stop, then start it again")
        case .system(let what):
            CLIFailure("cannot talk to the agent: \(what)")
        }
    }
}
