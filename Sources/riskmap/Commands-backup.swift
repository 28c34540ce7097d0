import Foundation
import Store

let backupCommand = Command(
    name: "backup", brief: "Copy the database to a new file, safely while a server runs.",
    summary: "Copy the database to a new file with SQLite's online backup API: from one read snapshot, so a server may go on reading and writing meanwhile; the copy holds every write committed before it began, passes SQLite's integrity check, and is one self-contained file.",
    usage: "--to FILE [--db PATH]",
    options: [OptionSpec("--to", value: "FILE", help: "Where the copy goes (a new file; an existing one is refused)."), dbOption]
) { args in
    guard let to = args.value("--to") else { throw UsageError(description: "--to FILE is required") }
    let from = args.value("--db")!
    guard FileManager.default.fileExists(atPath: from) else { throw RuntimeError(description: "\(from) does not exist") }
    let bar = ProgressBar()
    let pages = try Backup.copy(from: from, to: to) { done, total in bar.update(stage: "backup", done: done, total: total) }
    bar.finishLine()
    print("backed up \(from) to \(to): \(pages) pages, integrity ok")
}

let restoreCommand = Command(
    name: "restore", brief: "Replace the database's content with a backup.",
    summary: "Replace the content of the database with a backup made by `riskmap backup`, after checking the backup's integrity. A server serving the database notices the change as another process's write and rebuilds its tile sources, summaries and caches; stop it first if clients must not see the switch mid-session.",
    usage: "--from FILE [--db PATH] [--force]",
    options: [OptionSpec("--from", value: "FILE", help: "The backup to restore."), dbOption,
              OptionSpec("--force", help: "Replace an existing database (without it, restore only into a new file).")]
) { args in
    guard let from = args.value("--from") else { throw UsageError(description: "--from FILE is required") }
    let to = args.value("--db")!
    guard FileManager.default.fileExists(atPath: from) else { throw RuntimeError(description: "\(from) does not exist") }
    if FileManager.default.fileExists(atPath: to) && !args.flag("--force") {
        throw RuntimeError(description: "\(to) exists; pass --force to replace its content with \(from)")
    }
    let bar = ProgressBar()
    let pages = try Backup.restore(from: from, to: to) { done, total in bar.update(stage: "restore", done: done, total: total) }
    bar.finishLine()
    print("restored \(from) into \(to): \(pages) pages")
}
