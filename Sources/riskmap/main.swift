import Foundation
import Service
import Store

/// riskmap's command-line entry: dispatches to a subcommand and maps errors to exit codes once, here.
let commands = [initCommand, demoCommand, statsCommand, serveCommand, tilesCommand, gridCommand, checkCommand, tokenCommand, schemaCommand,
                importCommand, exportCommand, routeCommand, isochroneCommand, backupCommand, restoreCommand, planCommand, vocabularyCommand]

let usage = """
    riskmap — a tile and query server for a city's safety-risk "one map" (安全风险一张图).

    Usage: riskmap <command> [options]

    Commands:
    \(commands.map { "  " + $0.name.padding(commands.map(\.name.count).max()! + 2) + $0.brief }.joined(separator: "\n"))

    Run `riskmap <command> --help` for a command's options; `riskmap --version` for the version.
    """

func fail(_ message: String, code: Int32) -> Never {
    writeStderr("riskmap: error: \(message)\n")
    exit(code)
}

let argv = Array(CommandLine.arguments.dropFirst())
if argv.first == "--version" || argv.first == "version" {
    print(BuildInfo.line)
    exit(0)
}
guard let name = argv.first, name != "--help", name != "-h", name != "help" else {
    print(usage)
    exit(argv.isEmpty ? 64 : 0)
}
guard let command = commands.first(where: { $0.name == name }) else {
    fail("unknown command '\(name)'; commands: \(commands.map(\.name).joined(separator: ", "))", code: 64)
}
let rest = Array(argv.dropFirst())
if rest.contains("--help") || rest.contains("-h") {
    print(command.help)
    exit(0)
}
do {
    let args = try ParsedArguments(rest, options: command.options, maxPositionals: command.maxPositionals)
    try command.run(args)
} catch let e as UsageError {
    fail("\(e.description)\nUsage: riskmap \(command.name) \(command.usage)", code: 64)
} catch {
    fail("\(error)", code: 1)
}
