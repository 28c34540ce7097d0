/// How many connections fit under the process's limit on open descriptors (RLIMIT_NOFILE). Each connection
/// is one descriptor; past the limit accept4 fails and clients wait unanswered, so the configured
/// `maxConnections` is lowered to leave room for everything else the process opens.
enum ConnectionCap {
    /// Descriptors kept from connections: 32 for the process as a whole (standard streams, the listener, the
    /// signal eventfd, a writer's database with its WAL and shared-memory files, a file being imported or
    /// exported, the tile cache's memory file), 4 per worker (its read-only database connection, PROJ's proj.db,
    /// a temporary file) and 4 per I/O thread (its epoll, its inbox's eventfd and its spare descriptor).
    static func reserve(workers: Int, ioThreads: Int) -> Int {
        32 + 4 * max(1, workers) + 4 * max(1, ioThreads)
    }

    /// `configured`, lowered to what `descriptorLimit` (the soft limit; nil when unlimited) leaves room for,
    /// but never below 1: a server that could take no connection at all would be no use.
    static func effective(configured: Int, descriptorLimit: Int?, workers: Int, ioThreads: Int) -> Int {
        guard let limit = descriptorLimit else { return configured }
        return max(1, min(configured, limit - reserve(workers: workers, ioThreads: ioThreads)))
    }
}
