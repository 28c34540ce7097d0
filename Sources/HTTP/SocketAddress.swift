import CLinux
import Glibc

/// Listening sockets and printable peer addresses.
enum SocketAddress {
    /// A non-blocking socket bound to `host:port` and listening; port 0 picks a free port.
    static func listen(host: String, port: Int, backlog: Int32) throws(SystemError) -> (fd: Int32, port: Int) {
        var v4 = sockaddr_in()
        var v6 = sockaddr_in6()
        let family: Int32
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            family = AF_INET
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
        } else if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            family = AF_INET6
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(port).bigEndian)
        } else {
            throw SystemError(call: "inet_pton(\(host))", errno: EINVAL)
        }
        let fd = riskmap_socket_tcp(family)
        guard fd >= 0 else { throw SystemError(call: "socket", errno: errno) }
        do throws(SystemError) {
            try System.setOption(fd, level: SOL_SOCKET, name: RISKMAP_SO_REUSEADDR, 1, call: "setsockopt(SO_REUSEADDR)")
            let rc = family == AF_INET
                ? withUnsafePointer(to: &v4) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
                : withUnsafePointer(to: &v6) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
            guard rc == 0 else { throw SystemError(call: "bind(\(host):\(port))", errno: errno) }
            guard Glibc.listen(fd, backlog) == 0 else { throw SystemError(call: "listen", errno: errno) }
            var bound = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let got = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
            guard got == 0 else { throw SystemError(call: "getsockname", errno: errno) }
            return (fd, Self.port(of: bound))
        } catch {
            System.close(fd)
            throw error
        }
    }

    static func port(of address: sockaddr_storage) -> Int {
        var a = address
        return withUnsafePointer(to: &a) { p in
            if Int32(address.ss_family) == AF_INET6 {
                return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// "a.b.c.d:port" or "[v6]:port".
    static func describe(_ address: sockaddr_storage) -> String {
        var a = address
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(address.ss_family)
        let ok = withUnsafePointer(to: &a) { p -> Bool in
            if family == AF_INET6 {
                return p.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { s in
                    var addr = s.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count)) != nil
                }
            }
            return p.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { s in
                var addr = s.pointee.sin_addr
                return inet_ntop(AF_INET, &addr, &text, socklen_t(text.count)) != nil
            }
        }
        guard ok else { return "unknown" }
        let host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return family == AF_INET6 ? "[\(host)]:\(port(of: address))" : "\(host):\(port(of: address))"
    }
}
