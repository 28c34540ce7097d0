import Foundation
import Store

let tokenCommand = Command(
    name: "token", brief: "Create, list and revoke API tokens.",
    summary: "Manage the bearer tokens that writers use over HTTP. A token has a name and a role (viewer, planner, responder, enterprise, editor, admin); only its SHA-256 hash is stored, so its secret is printed once, by `create`.",
    usage: "create --name NAME --role ROLE | list | revoke ID  [--db PATH]",
    options: [
        OptionSpec("--name", value: "NAME", help: "Who or what the token is for (create)."),
        OptionSpec("--role", value: "ROLE", help: "One of \(Token.Role.allCases.map(\.rawValue).joined(separator: ", ")) (create)."),
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
        let (token, secret) = try openStore(args).createToken(name: name, role: role, context: context)
        writeStderr("token \(token.id) '\(token.name)' (\(token.role.rawValue)) created; its secret is shown only now:\n")
        print(secret)
    case "list":
        for t in try openStore(args).tokens() {
            print("\(t.id)\t\(t.role.rawValue)\t\(t.name)\tcreated \(t.createdAt)" + (t.revokedAt.map { "\trevoked \($0)" } ?? ""))
        }
    case "revoke":
        guard args.positionals.count == 2, let id = Int64(args.positionals[1]) else { throw UsageError(description: "token revoke needs a token id") }
        guard try openStore(args).revokeToken(id: id, context: context) else { throw RuntimeError(description: "no live token with id \(id)") }
        print("token \(id) revoked")
    default:
        throw UsageError(description: "token needs an action: create, list or revoke")
    }
}
