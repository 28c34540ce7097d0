import Foundation
import Store

let tokenCommand = Command(
    name: "token", brief: "Create, list and revoke API tokens.",
    summary: "Manage the bearer tokens that writers use over HTTP. A token has a name and a role (viewer, planner, responder, enterprise, editor, admin); only its SHA-256 hash is stored, so its secret is printed once, by `create`.",
    usage: "create --name NAME --role ROLE [--source FID[,FID…]] [--area CODE[,CODE…]] | list | revoke ID  [--db PATH]",
    options: [
        OptionSpec("--name", value: "NAME", help: "Who or what the token is for (create)."),
        OptionSpec("--role", value: "ROLE", help: "One of \(Token.Role.allCases.map(\.rawValue).joined(separator: ", ")) (create)."),
        OptionSpec("--source", value: "FID[,FID…]", help: "The risk sources an enterprise token reports for (create; required for --role enterprise): its writes may touch only their risks and reports."),
        OptionSpec("--area", value: "CODE[,CODE…]", help: "The areas (codes of the areas layer, e.g. a district's 320505) an editor token is limited to (create; optional): every feature it inserts, changes or deletes must lie inside them."),
        dbOption,
    ],
    maxPositionals: 2
) { args in
    let context = WriteContext(actor: "riskmap token (\(NSUserName()))")
    switch args.positionals.first {
    case "create":
        guard let name = args.value("--name") else { throw UsageError(description: "token create needs --name") }
        guard let roleName = args.value("--role"), let role = Token.Role(rawValue: roleName) else {
            throw UsageError(description: "token create needs --role, one of \(Token.Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var sources: [Int64] = []
        for part in (args.value("--source") ?? "").split(separator: ",", omittingEmptySubsequences: false) where args.value("--source") != nil {
            guard let id = Int64(part.trimmingCharacters(in: .whitespaces)), id > 0 else {
                throw UsageError(description: "--source takes risk source ids (fid) separated by commas, not '\(part)'")
            }
            sources.append(id)
        }
        if role == .enterprise, sources.isEmpty {
            throw UsageError(description: "an enterprise token needs --source: the risk sources (fid) it reports for")
        }
        let areas = (args.value("--area") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let (token, secret) = try openStore(args).createToken(name: name, role: role, sources: sources, areas: areas, context: context)
        writeStderr("token \(token.id) '\(token.name)' (\(token.role.rawValue))\(token.scope) created; its secret is shown only now:\n")
        print(secret)
    case "list":
        for t in try openStore(args).tokens() {
            let scope = !t.sources.isEmpty ? "\tsources \(t.sources.map(String.init).joined(separator: ","))"
                : !t.areas.isEmpty ? "\tareas \(t.areas.joined(separator: ","))" : ""
            print("\(t.id)\t\(t.role.rawValue)\t\(t.name)\tcreated \(t.createdAt)" + scope + (t.revokedAt.map { "\trevoked \($0)" } ?? ""))
        }
    case "revoke":
        guard args.positionals.count == 2, let id = Int64(args.positionals[1]) else { throw UsageError(description: "token revoke needs a token id") }
        guard try openStore(args).revokeToken(id: id, context: context) else { throw RuntimeError(description: "no live token with id \(id)") }
        print("token \(id) revoked")
    default:
        throw UsageError(description: "token needs an action: create, list or revoke")
    }
}
