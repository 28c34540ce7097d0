import Foundation
import Glibc

/// This process as Prometheus's process collector names it (RSS, open and maximum descriptors, threads, CPU
/// seconds, start time), read from /proc/self on each scrape.
struct ProcessFigures {
    let residentBytes: Int
    let openFDs: Int
    let maxFDs: Int
    let threads: Int
    let cpuSeconds: Double
    let startTimeSeconds: Double

    static func now() -> ProcessFigures {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ") ?? []
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let threads = status.split(separator: "\n").first { $0.hasPrefix("Threads:") }.flatMap { Int($0.dropFirst(8).trimmingCharacters(in: .whitespaces)) }
        // /proc/self/stat: the command name may hold spaces, so fields are counted after its closing parenthesis.
        let stat = (try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8)) ?? ""
        let fields = stat.split(separator: ")").last?.split(separator: " ").map(String.init) ?? []
        // After ")": state is field 3, utime 14, stime 15, starttime 22 (1-based in proc(5)); here index n - 3.
        func field(_ n: Int) -> Double { fields.count > n - 3 ? Double(fields[n - 3]) ?? 0 : 0 }
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return ProcessFigures(
            residentBytes: statm.count > 1 ? (Int(statm[1]) ?? 0) * page : 0,
            openFDs: (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0,
            maxFDs: Int(clamping: limit.rlim_cur),
            threads: threads ?? 0,
            cpuSeconds: (field(14) + field(15)) / ticks,
            startTimeSeconds: bootTime() + field(22) / ticks)
    }

    /// When the machine booted, in seconds since 1970 (`btime` of /proc/stat).
    private static func bootTime() -> Double {
        let stat = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: "\n").first { $0.hasPrefix("btime ") }.flatMap { Double($0.dropFirst(6)) } ?? 0
    }

    /// The figures as Prometheus text.
    var prometheus: String {
        var out = ""
        for (name, help, kind, value) in [
            ("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", String(residentBytes)),
            ("process_open_fds", "Open file descriptors.", "gauge", String(openFDs)),
            ("process_max_fds", "The most file descriptors the process may open.", "gauge", String(maxFDs)),
            ("process_threads", "Operating-system threads.", "gauge", String(threads)),
            ("process_cpu_seconds_total", "User and system CPU time spent, in seconds.", "counter", String(cpuSeconds)),
            ("process_start_time_seconds", "Start time of the process since 1970, in seconds.", "gauge", String(startTimeSeconds)),
        ] {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(kind)\n\(name) \(value)\n"
        }
        return out
    }
}
